"""Grading TensorFlow code: function mode's reference worker, contrast models, the layers a check can
see, validate without an optional dataset, and plain-text Keras errors. The gradient check and the
graph worker are tested in test_graph_worker.py."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.support import REPO, TESTS, Cli
from tutor.safe_text import clean
from tutor.training.session import TrainingRun


def test_keras_colour_codes_are_dropped_from_feedback():
    assert clean("\x1b[1mValueError\x1b[0m: Input 0 of layer \x1b[31m'lstm'\x1b[0m") == \
        "ValueError: Input 0 of layer 'lstm'"


def test_model_layers_lists_every_layer_of_the_description_nested_models_flattened(real_course):
    run = TrainingRun(real_course.get("iris_dense"), seed=1)
    dense = {"class_name": "Dense", "config": {"units": 3, "kernel_regularizer": {"class_name": "L2"}}}
    inner = {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dropout", "config": {"rate": 0.2}}]}}
    run.description = {"model_json": json.dumps({"class_name": "Sequential", "config": {"layers": [inner, dense]}})}
    assert [layer["class_name"] for layer in run.layers()] == ["Dropout", "Dense"]
    assert run.layers()[1]["config"]["kernel_regularizer"]["class_name"] == "L2"


@pytest.mark.slow
def test_a_numpy_neuron_that_rewrites_the_graders_helpers_cannot_pass(real_cli):
    """It replaces the tracer, any gradient helper, tf.GradientTape and tf.function in its sandbox:
    the best graph it can hand back calls numpy, and the graph worker refuses it."""
    assert real_cli("list").returncode == 0
    hostile = TESTS / "grading" / "graph_attacks" / "hostile_tf_neuron.py"
    real_cli.learner_file("keras/tf_neuron.py").write_text(hostile.read_text())
    result = real_cli("check", "tf_neuron", "--json", timeout=300)
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["status"] == "failed"
    checks = {c["name"]: c for c in report["checks"]}
    gradient = next(c for name, c in checks.items() if "GradientTape" in name)
    forward = [c for name, c in checks.items() if "GradientTape" not in name]
    assert forward and all(c["status"] == "passed" for c in forward)  # its values alone are right
    assert gradient["status"] == "failed" and gradient["points"] == 0
    assert "the TensorFlow graph traced from tf_neuron() uses the operation PyFunc (tf.numpy_function)" \
        in gradient["message"]


@pytest.fixture
def contrast_course(tmp_path):
    """The real iris_dense exercise with a contrast builder and a 0-point check that trains it."""
    course = tmp_path / "course"
    shutil.copytree(REPO / "exercises/iris_dense", course / "exercises/iris_dense")
    (course / "solutions").mkdir()
    shutil.copyfile(REPO / "solutions/iris_dense.py", course / "solutions/iris_dense.py")
    (course / "exercises/course.toml").write_text(
        'format_version = 1\nname = "contrast"\ntitle = "contrast"\nversion = "1"\nwelcome = "hi"\n\n'
        '[[chapters]]\nid = "keras"\ntitle = "Keras"\nexercises = ["iris_dense"]\n')
    toml = course / "exercises/iris_dense/exercise.toml"
    toml.write_text(toml.read_text().replace('labels = "integers"', 'labels = "integers"\ncontrast = "build_small"'))
    with (course / "exercises/iris_dense/checks.py").open("a") as checks:
        checks.write('\n\n@check("the small model, for comparison (not graded)", points=0)\n'
                     'def contrast(t):\n    t.train_contrast()\n')
    return course


# A contrast builder weaker than the iris reference (15 parameters), for the contrast course.
SMALL = ('\n\ndef build_small():\n    model = keras.Sequential([keras.Input(shape=(4,)), '
         'keras.layers.Dense(3, activation="softmax")])\n    model.compile(optimizer=keras.optimizers.SGD('
         'learning_rate=0.001), loss="sparse_categorical_crossentropy")\n    return model\n')


@pytest.mark.slow
def test_a_contrast_model_trains_beside_the_graded_one_and_is_never_graded(tmp_path, contrast_course):
    cli = Cli(tmp_path / "ws", contrast_course)
    assert cli("list").returncode == 0
    learner = cli.learner_file("keras/iris_dense.py")
    learner.write_text((REPO / "solutions/iris_dense.py").read_text() + SMALL)
    result = cli("check", "iris_dense", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "beside it, build_small() (not graded): accuracy" in result.stdout
    report = json.loads(cli("check", "iris_dense", "--json", timeout=300).stdout)
    contrast = report["training"]["contrast"]
    assert contrast["builder"] == "build_small" and contrast["params"] == 15
    assert contrast["value"] < report["training"]["value"]  # a weaker model, shown, yet the verdict passed
    learner.write_text((REPO / "solutions/iris_dense.py").read_text())  # no contrast builder at all
    report = json.loads(cli("check", "iris_dense", "--json", timeout=300).stdout)
    assert report["status"] == "passed"
    assert "does not define build_small()" in report["training"]["contrast"]["problem"]


@pytest.mark.slow
def test_validate_says_what_it_cannot_prove_without_an_optional_dataset(tmp_path):
    empty_cache = tmp_path / "keras-home"
    empty_cache.mkdir()
    result = Cli(tmp_path / "ws", None)("validate", "--exercise", "mnist_dense",
                                        env={"KERAS_HOME": str(empty_cache)}, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    skipped = [line for line in result.stdout.splitlines() if line.startswith("↷ skip")]
    # the reference's training, the mutant that only training shows (a model that ignores the
    # pixels), and the calibration of the target and the baseline
    assert len(skipped) == 3 and "ignores_input" in skipped[1] and "calibration" in skipped[2], skipped
    assert "keras.datasets.mnist.load_data()" in result.stdout
    assert "0 problem(s), 3 not provable here" in result.stdout
    assert "✘ FAIL" not in result.stdout


@pytest.mark.slow
def test_a_broken_reference_of_a_function_exercise_is_a_course_error_naming_its_file(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(REPO / "exercises/tf_neuron", course / "exercises/tf_neuron")
    toml = course / "exercises/tf_neuron/exercise.toml"  # no mutants: they are edits of the reference
    toml.write_text(toml.read_text().split("[[mutants]]")[0])
    (course / "solutions").mkdir()
    (course / "solutions/tf_neuron.py").write_text("import tensorflow as tf\n\ndef tf_neuron(x, w, b)\n")
    (course / "exercises/course.toml").write_text(
        'format_version = 1\nname = "broken"\ntitle = "broken"\nversion = "1"\nwelcome = "hi"\n\n'
        '[[chapters]]\nid = "keras"\ntitle = "Keras"\nexercises = ["tf_neuron"]\n')
    cli = Cli(tmp_path / "ws", course)
    assert cli("list").returncode == 0
    cli.learner_file("keras/tf_neuron.py").write_text((REPO / "solutions/tf_neuron.py").read_text())
    result = cli("check", "tf_neuron", "--json", timeout=300)
    report = json.loads(result.stdout)
    assert report["status"] == "ungradable"
    assert "importing tf_neuron.py failed in the TensorFlow worker: SyntaxError" in report["message"]


@pytest.mark.slow
def test_dense_sublayers_in_another_precision_are_told_what_to_change(real_cli):
    """The textbook attention layer with keras.layers.Dense sublayers, graded in float64: not a raw
    TensorFlow dtype error under every check, but what to write instead."""
    assert real_cli("list").returncode == 0
    listing = (TESTS / "grading" / "graph_attacks" / "attention_dense_float64.py").read_text()
    real_cli.learner_file("recurrent/additive_attention.py").write_text(listing)
    code, report = real_cli.json("check", "additive_attention", "--json", timeout=300)
    assert code == 1 and report["status"] == "error"
    message = report["checks"][0]["message"]
    assert "dtype=self.dtype_policy" in message and "two precisions" in message
    assert "Arguments received by" not in message  # Keras' page of context is left out


@pytest.mark.slow
def test_a_calibration_seed_trains_the_reference_alone_not_its_contrast(tmp_path, contrast_course):
    """validate's extra calibration seeds need the reference's score only (``contrast_trained``)."""
    import dataclasses

    from tutor.course import load_course
    from tutor.grading.grader import grade

    course = load_course(contrast_course)
    exercise = course.get("iris_dense")
    assert exercise.training is not None and exercise.training.contrast == "build_small"
    score_only = dataclasses.replace(exercise, training=dataclasses.replace(exercise.training, contrast_trained=False))
    (tmp_path / exercise.file).parent.mkdir(parents=True)
    (tmp_path / exercise.file).write_text((REPO / "solutions/iris_dense.py").read_text() + SMALL)
    report = grade(course, score_only, tmp_path, seed=1)
    assert report.status == "passed" and "value" in report.training
    assert "contrast" not in report.training
