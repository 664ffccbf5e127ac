"""The trainer's extension hooks for "Keras in practice" (issue 17): settings refused by the course
loader, callbacks and GRIDs refused by allowlist, the validation curve streamed, the contrast trained
without the learner's callbacks, the generated text sample made safe for the report."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

from tutor.course import CourseError
from tutor.training_spec import parse_training

TRAINING = {"dataset": "diabetes", "metric": "mse", "target": 0.5, "max_epochs": 10, "max_params": 100,
            "input_shape": [10], "outputs": 1, "labels": "values"}


@pytest.mark.parametrize("extra, field", [
    ({"validation_split": 0.7}, "training.validation_split"),
    ({"pretrained": "digits"}, "training.pretrained"),  # a base without allow = ["pretrained"]
    ({"allow": ["search"], "validation_split": 0.2}, "training.trial_epochs"),  # a search without trial epochs
    ({"allow": ["search"], "trial_epochs": 2, "max_trials": 5, "validation_split": 0.2}, "training.trial_epochs"),
    ({"allow": ["search"], "trial_epochs": 2}, "training.trial_epochs"),  # no validation rows to compare on
    ({"sample": 1000}, "training.sample"),
])
def test_extension_settings_that_do_not_fit_together_are_refused(extra, field):
    with pytest.raises(CourseError) as error:
        parse_training(Path("exercise.toml"), {**TRAINING, **extra})
    assert f"field '{field}'" in str(error.value)


def test_a_grid_of_more_than_four_trials_is_refused_in_the_sandbox_and_by_the_grader():
    from tutor.training.describe import _trials
    from tutor.training.session import _trials as parsed

    built = []
    build = lambda **settings: built.append(settings)  # noqa: E731  (never reached: the GRID is refused first)
    assert _trials({"learning_rate": [0.1, 0.01, 0.001], "units": [8, 16]}, build) == \
        "GRID declares 6 trials; at most 4 are run"
    assert "plain number" in _trials({"learning_rate": [object()]}, build) and not built
    spec = types.SimpleNamespace(allow=("search",), max_trials=4)
    trial = {"params": {"learning_rate": 0.1}, "model_json": "{}", "compile": None}
    assert parsed({"trials_json": json.dumps([trial] * 5)}, spec) == (None, "GRID must declare 1 to 4 trials")
    assert parsed({"trials_json": json.dumps([trial] * 2)}, spec)[0] == [trial, trial]
    no_search = types.SimpleNamespace(allow=("callbacks",), max_trials=4)
    assert "runs no search" in parsed({"trials_json": json.dumps([trial])}, no_search)[1]


def test_the_contrast_is_described_without_the_learners_callbacks(real_course):
    from tutor.training.session import TrainingRun

    run = TrainingRun(real_course.get("early_stopping"), seed=1)
    stop = [{"class_name": "EarlyStopping", "config": {"monitor": "val_loss", "patience": 5}}]
    raw = {"model_json": json.dumps({"class_name": "Sequential", "config": {}}), "compile_json": "{}",
           "callbacks_json": json.dumps(stop), "epochs": 50, "batch_size": 64}
    graded = run.describe(lambda *args: raw)
    contrast = run.describe(lambda *args: raw, "build_model", contrast=True)
    assert graded["fit"]["callbacks"] == stop and contrast["fit"]["callbacks"] is None
    assert run.description is graded  # the graded description is not replaced by the contrast's


def test_the_text_sample_in_the_report_is_printable_and_short(real_course):
    from tutor.training.session import SAMPLE_LIMIT, TrainingRun

    run = TrainingRun(real_course.get("early_stopping"), seed=1)
    run.outcome = {"metric": "accuracy", "value": 0.5, "sample": "the fox\x1b[2J\x07 ran\n" + "a" * 2000}
    sample = run.summary()["sample"]
    assert sample.startswith("the fox[2J ran\n") and "\x1b" not in sample and len(sample) <= SAMPLE_LIMIT
    run.outcome = {"metric": "accuracy", "value": 0.5, "sample": ["not", "text"]}
    assert "sample" not in run.summary()


@pytest.mark.tensorflow
def test_callbacks_outside_the_allowlist_are_refused(keras):
    from tutor.helpers.compile_allowlist import check_callbacks
    from tutor.training.describe import _callback

    allow = frozenset({"callbacks"})
    stop = _callback(keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True))
    assert check_callbacks([stop], keras=keras, allow=allow) == []
    for other in (keras.callbacks.ModelCheckpoint("x.keras"), keras.callbacks.LambdaCallback(),
                  keras.callbacks.TensorBoard("logs")):
        said = check_callbacks([stop, _callback(other)], keras=keras, allow=allow)
        assert said and type(other).__name__ in said[0], said
    forged = {"class_name": "EarlyStopping", "config": {"monitor": "val_loss", "on_epoch_end": "os.system"}}
    assert check_callbacks([forged], keras=keras, allow=allow)
    assert check_callbacks([stop], keras=keras) == ["this exercise takes no callbacks: remove CALLBACKS from your file"]


@pytest.mark.tensorflow
def test_callbacks_that_could_never_act_are_named(keras):
    from tutor.helpers import fit_facts

    stop = {"class_name": "EarlyStopping", "config": {"monitor": "val_loss"}}
    fit = {"callbacks": [stop]}
    compile_config = {"loss": "mse", "metrics": ["mae"]}
    assert "without validation rows" in fit_facts.problems(keras, compile_config, fit, {})[0]
    assert fit_facts.problems(keras, compile_config, fit, {"validation_split": 0.25}) == []
    fit = {"callbacks": [{"class_name": "EarlyStopping", "config": {"monitor": "val_accuracy"}}]}
    said = fit_facts.problems(keras, compile_config, fit, {"validation_split": 0.25})
    assert "never reports" in said[0] and "'val_mae'" in said[0]


@pytest.mark.tensorflow
def test_the_validation_curve_streams_from_rows_held_out_of_the_training_split(keras):
    import numpy as np

    from tutor.helpers import fitting
    from tutor.helpers.fit_facts import validation

    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(80, 3)).astype("float32"), rng.normal(size=(80, 1)).astype("float32")
    x_test = np.full((20, 3), 99.0, dtype="float32")  # never fitted or validated on: it would show
    fit_x, _, val_x, _ = validation(x, y, 0.25)
    assert len(val_x) == 20 and len(fit_x) == 60
    assert not {row.tobytes() for row in fit_x} & {row.tobytes() for row in val_x}
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    spec = {"validation_split": 0.25, "budget_s": 30, "metric": "mse", "allow": ["callbacks"]}
    events: list[dict] = []
    clock = fitting.Clock(spec, 3.0)
    history = fitting.fit(keras, spec, model, {"epochs": 3, "batch_size": 16}, (x, y, x_test, y), clock,
                          events.append)
    assert [e["epoch"] for e in events] == [1, 2, 3]
    assert all(isinstance(e["metrics"]["val_loss"], float) for e in events)
    assert history.history["val_loss"][-1] == pytest.approx(events[-1]["metrics"]["val_loss"])
    assert events[-1]["metrics"]["val_loss"] < 50  # the rows at 99 would give a huge loss


@pytest.mark.tensorflow
def test_the_generated_sample_holds_only_the_alphabet_after_the_prompt(keras):
    from tutor.helpers import practice_datasets as data

    model = keras.Sequential([keras.Input((data.WINDOW,), dtype="int32"),
                              keras.layers.Embedding(len(data.ALPHABET), 4), keras.layers.GlobalAveragePooling1D(),
                              keras.layers.Dense(len(data.ALPHABET), activation="softmax")])
    written = data.sample(model, 20, seed=3)
    assert written.startswith(data.prompt()) and len(written) == data.WINDOW + 20
    assert set(written) <= set(data.ALPHABET)
    assert written == data.sample(model, 20, seed=3)  # seeded


def test_the_generated_reviews_are_padded_at_the_end_and_labelled_by_their_polarity():
    import numpy as np

    from tutor.helpers import practice_datasets as data

    x, y, x_test, y_test = data.reviews(5)
    assert x.shape == (1200, data.REVIEW_LENGTH) and x_test.shape == (400, data.REVIEW_LENGTH)
    lengths = (x > 0).sum(axis=1)
    assert lengths.min() >= 8 and all((row[:n] > 0).all() and (row[n:] == 0).all() for row, n in zip(x, lengths))
    for row, label in zip(x[:200], y[:200]):
        words = list(row)
        score = sum((1 if w in data.GOOD else -1) * (-1 if i and words[i - 1] == data.NOT else 1)
                    for i, w in enumerate(words) if w in data.GOOD or w in data.BAD)
        assert score != 0 and label == float(score > 0)
    assert np.array_equal(data.reviews(5)[0], x) and not np.array_equal(data.reviews(6)[0], x)


def test_the_report_shows_the_sample_and_a_searchs_trials():
    from tutor.reporters.text import training_line

    training = {"metric": "accuracy", "value": 0.47, "target": 0.4, "dataset": "char_text", "params": 18660,
                "train_seconds": 9.0, "sample": "the fox said\nno",
                "trials": [{"params": "learning_rate=0.01", "value": 0.81}, {"params": "learning_rate=1.0", "value": None}]}
    line = training_line(training)
    assert "the trained model writes (not graded): 'the fox said\\nno'" in line
    assert "learning_rate=0.01 → 0.8100; learning_rate=1.0 → diverged" in line


@pytest.mark.tensorflow
def test_a_base_under_the_reserved_name_must_be_the_trainers_own_architecture(keras):
    from tutor.helpers import pretrained
    from tutor.helpers.config_allowlist import check_model_config

    L = keras.layers

    def model_with(base):
        return json.loads(keras.Sequential([keras.Input((8, 8, 1)), base, L.Dense(5, activation="softmax")]).to_json())

    spec = {"pretrained": "digits"}
    same = pretrained.architecture(keras, "digits")
    same.trainable = False
    assert pretrained.problems(keras, model_with(same), spec) == []
    narrower = keras.Sequential([keras.Input((8, 8, 1)), L.Conv2D(8, 3, padding="same", activation="relu"),
                                 L.MaxPooling2D(2), L.Conv2D(32, 3, padding="same", activation="relu"),
                                 L.MaxPooling2D(2), L.Flatten()], name="dltutor_pretrained_digits")
    said = pretrained.problems(keras, model_with(narrower), spec)
    assert said and "filters 8" in said[0] and "16" in said[0], said
    other = keras.Sequential([keras.Input((8, 8, 1)), L.Flatten()], name="dltutor_pretrained_cifar")
    assert "no pre-trained base 'dltutor_pretrained_cifar'" in pretrained.problems(keras, model_with(other), spec)[0]
    # where the exercise provides no base, the reserved name is refused by the allowlist itself
    assert check_model_config(model_with(same), keras=keras, allow=frozenset())


@pytest.mark.tensorflow
def test_a_learners_frozen_base_is_trained_with_the_trainers_weights_not_its_own(keras, tf, monkeypatch):
    import numpy as np

    from tutor.helpers import fitting, pretrained
    from tutor.helpers.trainer import run_job

    shapes = [tuple(w.shape) for w in pretrained.architecture(keras, "digits").get_weights()]
    provided = [np.full(shape, 0.01 * (i + 1), dtype="float32") for i, shape in enumerate(shapes)]
    monkeypatch.setattr(pretrained, "weights", lambda *args: provided)  # the cache's, without pre-training here
    seen = {}

    def train(keras, spec, model, fit, data, clock, send, seed=0):
        base = pretrained.find(keras, model, "digits")
        seen.update(weights=base.get_weights(), learning=base.trainable_weights)
        return {"metric": "accuracy", "value": 0.0, "train_seconds": 0.0, "params": int(model.count_params())}

    monkeypatch.setattr(fitting, "train", train)
    base = pretrained.architecture(keras, "digits")
    base.trainable = False
    model = keras.Sequential([keras.Input((8, 8, 1)), base, keras.layers.Dense(5, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    spec = {"dataset": "digits_transfer", "metric": "accuracy", "target": 0.8, "max_epochs": 10, "max_params": 20000,
            "budget_s": 60, "input_shape": [8, 8, 1], "outputs": 5, "labels": "integers", "pretrained": "digits",
            "allow": ["pretrained"]}
    job = {"model_json": model.to_json(), "compile": json.loads(json.dumps(model.get_compile_config())),
           "fit": {"epochs": 1, "batch_size": 16, "callbacks": None}, "spec": spec, "seed": 1, "data_seed": 1,
           "threads": 1, "memory_mb": 4096, "stage": "train"}
    result = run_job(keras, tf, job, types.SimpleNamespace(send=lambda event: None))
    assert "problems" in result and not result["problems"], result
    assert seen["learning"] == []  # frozen: training leaves the provided weights as they are
    assert all(np.array_equal(mine, theirs) for mine, theirs in zip(seen["weights"], provided))
    marked = [layer for layer in result["facts"]["layers"] if "pretrained" in layer["kinds"]]
    assert [layer["name"] for layer in marked if layer["params"]] and not any(layer["trainable"] for layer in marked)


def test_the_pretrained_cache_must_be_the_graders_own(tmp_path, monkeypatch):
    from tutor.helpers import pretrained

    monkeypatch.setenv(pretrained.CACHE_ENV, str(tmp_path / "cache"))
    folder = pretrained.cache_dir()
    pretrained._private(folder)
    assert folder.is_dir() and not folder.stat().st_mode & 0o077
    folder.chmod(0o755)  # readable by others: closed to them, since weights must never reach a sandbox
    pretrained._private(folder)
    assert not folder.stat().st_mode & 0o077
    folder.chmod(0o777)  # a folder others may write: weights in it could be anyone's
    with pytest.raises(PermissionError):
        pretrained._private(folder)


@pytest.mark.tensorflow
@pytest.mark.slow
def test_the_base_is_pretrained_once_cached_and_retrained_when_its_file_is_altered(keras, tf, tmp_path, monkeypatch):
    import numpy as np

    from tutor.helpers import pretrained

    monkeypatch.setenv(pretrained.CACHE_ENV, str(tmp_path))
    calls = []
    real = pretrained.pretrain
    monkeypatch.setattr(pretrained, "pretrain", lambda *a: calls.append(1) or real(*a))
    first = pretrained.weights(keras, tf, "digits", "0.3.0")
    again = pretrained.weights(keras, tf, "digits", "0.3.0")
    assert len(calls) == 1 and all(np.array_equal(a, b) for a, b in zip(first, again))
    (saved,) = (tmp_path / "pretrained").glob("digits-*.npz")
    saved.write_bytes(saved.read_bytes()[:-8] + b"tampered")
    pretrained.weights(keras, tf, "digits", "0.3.0")
    assert len(calls) == 2  # the checksum failed: trained again, never loaded
    pretrained.weights(keras, tf, "digits", "0.4.0")
    assert len(calls) == 3  # another course version, another cache entry


@pytest.mark.tensorflow
@pytest.mark.slow
def test_a_search_trains_each_trial_on_the_validation_rows_then_the_best_again(keras, tf):
    from tutor.helpers.trainer import run_job

    def described(rate):
        model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=rate), loss="mse")
        return {"params": {"learning_rate": rate}, "model_json": model.to_json(),
                "compile": json.loads(json.dumps(model.get_compile_config()))}

    trials = [described(0.05), described(1e-6)]  # the second barely moves from its initial weights
    spec = {**TRAINING, "target": 2.0, "max_epochs": 5, "max_params": 1000, "budget_s": 60,
            "validation_split": 0.25, "allow": ["search"], "trial_epochs": 3, "max_trials": 4}
    job = {"model_json": trials[0]["model_json"], "compile": trials[0]["compile"],
           "fit": {"epochs": 5, "batch_size": 32, "callbacks": None}, "spec": spec, "seed": 1, "data_seed": 1,
           "threads": 1, "memory_mb": 4096, "stage": "train", "trials": trials}
    events: list[dict] = []
    result = run_job(keras, tf, job, types.SimpleNamespace(send=events.append))
    assert [e["trial"] for e in events if e["event"] == "trial"] == [1, 2]
    assert [t["params"] for t in result["trials"]] == ["learning_rate=0.05", "learning_rate=1e-06"]
    assert result["chosen"] == "learning_rate=0.05" and result["trials"][0]["value"] < result["trials"][1]["value"]
    assert isinstance(result["value"], float)
    finals = [e for e in events if e["event"] == "epoch"]
    assert len(finals) == 5 and all("val_loss" in e["metrics"] for e in finals)  # only the final fit streams
    assert result["facts"]["fit"]["trials"] == [["learning_rate=0.05", ""], ["learning_rate=1e-06", ""]]
