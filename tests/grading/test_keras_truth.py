"""What the trusted trainer certifies about a model's structure, measured on the model it rebuilt
(issue 15), each exercise's structure check on its reference and mutants without training, and the
lessons' numbers that Keras and TensorFlow compute, checked against them."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from tests.support import REPO
from tests.support.training import (
    TRAINS,
    callbacks_of,
    candidate,
    failures,
    load_module,
    structure_job,
    verdicts,
)
from tutor.training.protocol import Job, ModelFacts

pytestmark = pytest.mark.tensorflow
KERAS_EXERCISES = ("iris_dense", "breast_cancer", "regularized_mlp", "digits_cnn", "digits_lstm", "waves_gru",
                   "forecast_lstm", "autoencoder", "mnist_dense", "cifar_cnn", "imdb_lstm", "early_stopping",
                   "batchnorm_cnn", "transfer_learning", "augment_residual", "reviews_bilstm", "char_model")


@pytest.fixture(scope="module")
def measure(keras):
    from tutor.helpers.model_facts import measure as measured

    return lambda model: ModelFacts.from_dict(json.loads(json.dumps(measured(keras, model).to_dict())))


def test_the_code_width_is_the_narrowest_cut_every_path_crosses(keras, measure):
    L = keras.layers
    code = keras.Sequential([keras.Input((64,)), L.Dense(32, activation="relu"), L.Dense(12), L.Dense(64)])
    per_pixel = keras.Sequential([keras.Input((64,)), L.Reshape((64, 1)), L.Dense(8), L.Dense(1), L.Reshape((64,))])
    pixels = keras.Input((64,))
    around = L.Concatenate()([L.Dense(12)(L.Dense(32)(pixels)), L.Dense(40)(pixels)])
    bypass = keras.Model(pixels, L.Dense(64)(around))
    direct = keras.Sequential([keras.Input((64,)), L.Dense(64)])
    steps = keras.Sequential([keras.Input((None, 1)), L.LSTM(8, return_sequences=True), L.Dense(1)])
    assert (measure(code).code_width, measure(code).code_layers) == (12, (code.layers[1].name,))
    assert measure(per_pixel).code_width == 64  # Dense(8) per pixel: 512 values, the reshapes 64
    assert measure(bypass).code_width == 12 + 40  # the branch around the code widens it
    assert measure(direct).code_width is None and measure(direct).code_bypassed
    assert measure(steps).code_width is None and not measure(steps).code_bypassed  # (None, 8): no fixed width


def test_a_layer_counts_on_every_path_only_if_it_trains(keras, measure):
    L = keras.layers
    conv = keras.Sequential([keras.Input((8, 8, 1)), L.Conv2D(4, 3), L.Flatten(), L.Dense(10)])
    frozen = keras.Sequential([keras.Input((8, 8, 1)), L.Conv2D(4, 3, trainable=False), L.Flatten(), L.Dense(10)])
    image = keras.Input((8, 8, 1))
    side = keras.Model(image, L.Dense(10)(L.Concatenate()([L.Flatten()(image), L.Flatten()(L.Conv2D(4, 3)(image))])))
    assert measure(conv).on_every_path("convolution") and measure(conv).depth("Conv2D") == 1
    assert not measure(frozen).on_every_path("convolution") and measure(frozen).frozen_params == 40
    facts = measure(side)
    assert not facts.on_every_path("convolution") and not facts.layers_of("Conv2D")[0].every_path
    assert facts.layers_of("Dense")[0].every_path


def test_a_recurrent_layer_counts_when_it_reads_more_than_one_step_nested_models_opened(keras, measure):
    L = keras.layers
    one_step = keras.Sequential([keras.Input((16, 8)), L.Reshape((1, 128)), L.LSTM(8), L.Dense(10)])
    stacked = keras.Sequential([keras.Input((None, 1)), L.LSTM(8, return_sequences=True), L.LSTM(4), L.Dense(1)])
    inner = keras.Sequential([keras.Input((16, 8)), L.LSTM(8, return_sequences=True)], name="encoder")
    nested = keras.Sequential([keras.Input((16, 8)), inner, L.Bidirectional(L.GRU(4)), L.Dense(10)])
    cells = keras.Sequential([keras.Input((40, 1)), L.RNN(L.GRUCell(4)), L.Dense(3)])
    facts = measure(one_step)
    assert facts.depth("recurrent") == 0 and facts.layers_of("LSTM")[0].steps == 1
    assert measure(stacked).depth("LSTM") == 2 and measure(stacked).layers_of("LSTM")[0].steps is None
    facts = measure(nested)
    assert facts.depth("recurrent") == 2 and facts.on_every_path("GRU") and facts.depth("LSTM") == 1
    assert [layer.kinds[0] for layer in facts.layers] == ["LSTM", "Bidirectional", "Dense"]
    assert measure(cells).on_every_path("GRU")


def test_facts_and_jobs_cross_the_wire_and_are_read_defensively(keras, measure):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    facts = measure(model)
    assert ModelFacts.from_dict(json.loads(json.dumps(facts.to_dict()))) == facts
    assert facts.params == facts.trainable_params == 15 and facts.input_shape == (4,)
    odd = ModelFacts.from_dict({"params": "many", "depths": [["Dense", True], "x"], "layers": [{"kinds": 3}, 7]})
    assert odd.params == 0 and odd.depth("Dense") == 0 and odd.layers[0].kinds == ()
    with pytest.raises(ValueError):
        ModelFacts.from_dict(None)
    job = Job(model_json="{}", compile=None, fit={}, spec={}, seed=1, data_seed=2, stage="structure")
    assert Job.from_dict(json.loads(job.line())) == job and job.line().endswith(b"\n")
    with pytest.raises(ValueError, match="stage"):
        Job(model_json="{}", compile=None, fit={}, spec={}, seed=1, data_seed=2, stage="fit")


def test_every_reference_passes_its_structure_checks_before_training(keras, real_course):
    for exercise_id in KERAS_EXERCISES:
        exercise = real_course.get(exercise_id)
        module = candidate(exercise_id)
        results = verdicts(keras, exercise, module.build_model(), module.EPOCHS, module.BATCH_SIZE,
                           callbacks_of(module))
        assert not failures(results), (exercise_id, results)
        assert TRAINS in results.values(), exercise_id


def test_each_structure_mutant_fails_before_training_with_its_message(keras, real_course):
    checked = 0
    for exercise_id in KERAS_EXERCISES:
        exercise = real_course.get(exercise_id)
        for mutant in exercise.mutants:
            try:
                module = load_module(mutant.path, f"mutant_{exercise_id}_{mutant.name}")
                model = module.build_model()
            except ValueError:
                continue  # Keras refuses to build it: the sandbox reports that (test_training.py)
            results = verdicts(keras, exercise, model, module.EPOCHS, module.BATCH_SIZE, callbacks_of(module))
            if TRAINS in results.values():
                continue  # a mutant that only training shows (validate proves it)
            assert (mutant.expect or mutant.mistake) in " ".join(failures(results)), (exercise_id, mutant.name, results)
            checked += 1
    assert checked >= 35


def _file(source: str, epochs: int = 30, batch: int = 32):
    """A learner's file, as a module: ``source`` builds ``model``."""
    import types

    import keras

    module = types.SimpleNamespace(EPOCHS=epochs, BATCH_SIZE=batch)
    namespace = {"keras": keras, "layers": keras.layers}
    exec(source, namespace)
    module.build_model = lambda: namespace["model"]
    return module


def _verdicts(keras, real_course, exercise_id: str, source: str, **fit) -> dict:
    module = _file(source, **fit)
    return verdicts(keras, real_course.get(exercise_id), module.build_model(), module.EPOCHS, module.BATCH_SIZE)


PLAIN = {"digits_cnn": ("(8, 8, 1)", "convolution"), "digits_lstm": ("(16, 8)", "recurrent layer")}


def test_the_plain_network_fails_digits_cnn_and_digits_lstm_naming_the_missing_layer(keras, real_course):
    for exercise_id, (shape, missing) in PLAIN.items():
        source = (f"model = keras.Sequential([keras.Input({shape}), layers.Flatten(), layers.Dense(64, activation='relu'),"
                  " layers.Dense(10, activation='softmax')])\n"
                  "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n")
        results = _verdicts(keras, real_course, exercise_id, source)
        assert f"your model has no {missing} (it has Flatten, Dense)" in failures(results)[0], results
        assert failures(results)[1].startswith("not trained: your model lacks what this exercise is about")
        assert TRAINS not in results.values()  # a structure mutant fails fast


def test_frozen_one_step_and_side_branch_layers_are_named(keras, real_course):
    frozen = ("model = keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(8, 3, trainable=False),"
              " layers.Flatten(), layers.Dense(10, activation='softmax')])\n"
              "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n")
    assert "is frozen (trainable=False)" in failures(_verdicts(keras, real_course, "digits_cnn", frozen))[0]
    side = ("image = keras.Input((8, 8, 1))\n"
            "both = layers.Concatenate()([layers.Flatten()(image), layers.Flatten()(layers.Conv2D(4, 3)(image))])\n"
            "model = keras.Model(image, layers.Dense(10, activation='softmax')(both))\n"
            "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n")
    assert "sits on a side branch" in failures(_verdicts(keras, real_course, "digits_cnn", side))[0]
    one_step = ("model = keras.Sequential([keras.Input((16, 8)), layers.Reshape((1, 128)), layers.LSTM(16),"
                " layers.Dense(10, activation='softmax')])\n"
                "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n")
    assert "reads a single time step" in failures(_verdicts(keras, real_course, "digits_lstm", one_step))[0]


AUGMENTED_RESNET = """
image = keras.Input((8, 8, 1))
x = layers.RandomZoom(0.1)(layers.RandomTranslation(0.1, 0.1)(image))
x = layers.Conv2D(32, 3, padding="same", activation="relu")(x)
shortcut = x
x = layers.Conv2D(32, 3, padding="same", activation="relu")(x)
x = layers.Conv2D(32, 3, padding="same")(x)
x = layers.Activation("relu")(layers.add([shortcut, x]))
model = keras.Model(image, layers.Dense(10, activation="softmax")(layers.GlobalAveragePooling2D()(x)))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
"""


def test_augmentation_a_skip_connection_and_pooling_are_read_from_the_rebuilt_model(keras, real_course):
    """A textbook-style block (``layers.add``, a ``shortcut`` name, two augmentation layers) passes the
    structure check; augmenting only a side branch, or a skip around nothing, does not."""
    assert not failures(_verdicts(keras, real_course, "augment_residual", AUGMENTED_RESNET))
    aside = AUGMENTED_RESNET.replace(
        'x = layers.RandomZoom(0.1)(layers.RandomTranslation(0.1, 0.1)(image))\n'
        'x = layers.Conv2D(32, 3, padding="same", activation="relu")(x)',
        'x = layers.Conv2D(32, 3, padding="same", activation="relu")(image)\n'
        'x = layers.add([x, layers.Conv2D(32, 3, padding="same")(layers.RandomTranslation(0.1, 0.1)(image))])')
    assert aside != AUGMENTED_RESNET
    assert "your random augmentation layer 'random_translation' sits on a side branch" in \
        failures(_verdicts(keras, real_course, "augment_residual", aside))[0]
    doubled = AUGMENTED_RESNET.replace("layers.add([shortcut, x])", "layers.add([x, x])")
    assert "your model has no skip connection" in failures(_verdicts(keras, real_course, "augment_residual", doubled))[0]


def test_the_per_pixel_and_the_bypassing_autoencoders_fail_the_code_width(keras, real_course):
    per_pixel = ("model = keras.Sequential([keras.Input((64,)), layers.Reshape((64, 1)), layers.Dense(8, activation='relu'),"
                 " layers.Dense(1, activation='sigmoid'), layers.Reshape((64,))])\n"
                 "model.compile(optimizer='adam', loss='mse')\n")
    message = failures(_verdicts(keras, real_course, "autoencoder", per_pixel))[0]
    assert "the narrowest point every path from the pixels to the output must cross is 64 values wide" in message
    bypass = ("x = keras.Input((64,))\n"
              "code = layers.Dense(12)(layers.Dense(32, activation='relu')(x))\n"
              "model = keras.Model(x, layers.Dense(64, activation='sigmoid')(layers.Concatenate()([code, x])))\n"
              "model.compile(optimizer='adam', loss='mse')\n")
    assert "76 values wide" in failures(_verdicts(keras, real_course, "autoencoder", bypass))[0]


def test_honest_variety_passes_the_structure_checks(keras, real_course):
    honest = {
        "forecast_lstm": "model = keras.Sequential([layers.LSTM(32, return_sequences=True, input_shape=(None, 1)),"
                         " layers.LSTM(16), layers.Dense(1)])\nmodel.compile(optimizer='adam', loss='mse')\n",
        "autoencoder": "x = keras.Input((64,))\nh = layers.Dense(12)(layers.Dense(32, activation='relu')(x))\n"
                       "model = keras.Model(x, layers.Dense(64, activation='sigmoid')(layers.Dense(32, activation='relu')(h)))\n"
                       "model.compile(optimizer='adam', loss='binary_crossentropy')\n",
        "digits_cnn": "block = keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(16, 3, padding='same', activation='relu'),"
                      " layers.MaxPooling2D()])\nx = keras.Input((8, 8, 1))\n"
                      "model = keras.Model(x, layers.Dense(10, activation='softmax')(layers.Flatten()(block(x))))\n"
                      "model.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy())\n",
        "digits_lstm": "model = keras.Sequential([keras.Input((None, 8)), layers.Bidirectional(layers.GRU(16)),"
                       " layers.Dense(10, activation='softmax')])\n"
                       "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n",
        "waves_gru": "model = keras.Sequential([layers.RNN(layers.GRUCell(32), input_shape=(None, 1)),"
                     " layers.Dense(3, activation='softmax')])\n"
                     "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n",
        "regularized_mlp": "x = keras.Input((300,))\nh = layers.Dropout(0.4)(layers.Dense(64, activation='relu',"
                           " kernel_regularizer=keras.regularizers.L1L2(l1=0.0, l2=1e-3))(x))\n"
                           "model = keras.Model(x, layers.Dense(3, activation='softmax')(h))\n"
                           "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n",
    }
    for exercise_id, source in honest.items():
        results = _verdicts(keras, real_course, exercise_id, source)
        assert not failures(results), (exercise_id, results)


def test_binary_cross_entropy_fits_pixels_but_wants_a_sigmoid(keras, real_course):
    linear = ("model = keras.Sequential([keras.Input((64,)), layers.Dense(12), layers.Dense(64)])\n"
              "model.compile(optimizer='adam', loss='binary_crossentropy')\n")
    assert "end with activation='sigmoid'" in failures(_verdicts(keras, real_course, "autoencoder", linear))[0]


def test_an_unbuilt_model_is_built_for_the_data_or_told_to_name_its_input(keras, real_course):
    """Keras 3 ignores Embedding's input_length, so the textbook listing leaves the model unbuilt."""
    listing = ("model = keras.Sequential()\nmodel.add(layers.Embedding(input_dim=10000, output_dim=32, input_length=200))\n"
               "model.add(layers.LSTM(32))\nmodel.add(layers.Dense(1, activation='sigmoid'))\n"
               "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])\n")
    assert not _file(listing).build_model().built
    assert not failures(_verdicts(keras, real_course, "imdb_lstm", listing, epochs=4))
    cannot = ("model = keras.Sequential([layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(1, activation='sigmoid')])\n"
              "model.compile(optimizer='adam', loss='binary_crossentropy')\n")
    exercise = real_course.get("imdb_lstm")
    result = structure_job(keras, exercise, _file(cannot).build_model(), 4, 64)
    assert result["stage"] == "build" and result["error"].startswith(
        "your model names no input shape, and it could not be built for the data's (200,): add "
        "keras.Input(shape=(200,)) as its first layer (Keras 3 ignores Embedding's input_length")


# ---- the lessons' numbers, computed by Keras and TensorFlow ------------------------------------

def _lesson(exercise_id: str) -> str:
    return (REPO / "exercises" / exercise_id / "lesson.md").read_text(encoding="utf-8")


def test_each_lesson_states_its_references_parameter_count_and_budget(keras, real_course):
    for exercise_id in KERAS_EXERCISES:
        exercise, module = real_course.get(exercise_id), candidate(exercise_id)
        facts = structure_job(keras, exercise, module.build_model(), module.EPOCHS, module.BATCH_SIZE,
                              callbacks_of(module))["facts"]
        lesson = _lesson(exercise_id)
        assert f"{facts['params']:,}" in lesson, (exercise_id, facts["params"])
        assert f"{exercise.training.max_params:,}" in lesson and f"{exercise.training.max_epochs} epochs" in lesson
        relation = "≥" if exercise.training.higher_is_better else "≤"
        stated = [float(n) for r, n in re.findall(r"([≥≤])\s*\**\s*([0-9]*\.?[0-9]+)", lesson) if r == relation]
        assert exercise.training.target in stated, (exercise_id, exercise.training.target, stated)


def test_the_optimizers_worked_example_is_what_keras_optimizers_do(keras):
    lesson = _lesson("optimizers")
    gradients = (np.array([0.5, -1.0]), np.array([0.5, 0.0]))
    expected = {"SGD": ("0.855, −1.81",), "RMSprop": ("0.683773, −1.683772", "0.454357, −1.683772"),
                "Adam": ("0.900001, −1.9", "0.800001, −1.832995")}
    optimizers = {"SGD": keras.optimizers.SGD(0.1, momentum=0.9), "RMSprop": keras.optimizers.RMSprop(0.1),
                  "Adam": keras.optimizers.Adam(0.1)}
    for name, optimizer in optimizers.items():
        w = keras.Variable(np.array([1.0, -2.0]), dtype="float64")
        steps = []
        for g in gradients:
            optimizer.apply_gradients([(keras.ops.convert_to_tensor(g, dtype="float64"), w)])
            steps.append(np.asarray(w))
        for shown in expected[name]:
            assert shown in lesson, (name, shown)
            values = np.array([float(v.replace("−", "-")) for v in shown.split(", ")])
            assert any(np.allclose(values, step, atol=2e-6) for step in steps), (name, shown, steps)
    factor = 0.1 * np.sqrt(1 - 0.999**2) / (1 - 0.9**2)
    assert f"= {factor:.7f}" in lesson and f"= {0.1 * np.sqrt(1 - 0.999) / (1 - 0.9):.7f}" in lesson


def test_the_tf_train_step_worked_example_sums_the_norm_terms_in_the_formulas_order(tf):
    x, y = tf.constant([[1.0, 0.0], [0.0, 2.0]], tf.float64), tf.constant([[2.0], [-1.0]], tf.float64)
    params = {"W1": tf.Variable([[0.5, -1.0], [1.0, 0.5]], dtype=tf.float64), "b1": tf.Variable([0.0, 0.5], dtype=tf.float64),
              "W2": tf.Variable([[1.0], [-2.0]], dtype=tf.float64), "b2": tf.Variable([0.5], dtype=tf.float64)}
    with tf.GradientTape() as tape:
        h = tf.tanh(x @ params["W1"] + params["b1"])
        loss = tf.reduce_mean((h @ params["W2"] + params["b2"] - y) ** 2)
    grads = tape.gradient(loss, list(params.values()))
    squares = " + ".join(f"{float(tf.reduce_sum(g * g)):.4f}" for g in grads)  # W1, b1, W2, b2: the formula's order
    norm = float(tf.linalg.global_norm(grads))
    assert f"global_norm = √({squares}) = √{norm ** 2:.4f} = {norm:.4f}" in _lesson("tf_train_step")
    assert f"= {float(loss):.4f}" in _lesson("tf_train_step")


def test_the_gru_candidate_in_the_waves_lesson_is_keras_reset_after_form(keras):
    rng = np.random.default_rng(0)
    cell = keras.layers.GRUCell(3, reset_after=True, dtype="float64")
    x, h = rng.normal(size=(2, 2)), rng.normal(size=(2, 3))
    cell.build((None, 2))
    kernel, recurrent, bias = (rng.normal(size=w.shape) for w in cell.get_weights())
    cell.set_weights([kernel, recurrent, bias])
    got = np.asarray(cell(x, [h])[0])
    def sigmoid(v):
        return 1 / (1 + np.exp(-v))

    b_in, b_rec = bias  # reset_after=True: an input bias and a recurrent bias per part
    xs, hs = x @ kernel + b_in, h @ recurrent + b_rec
    z, r = sigmoid(xs[:, :3] + hs[:, :3]), sigmoid(xs[:, 3:6] + hs[:, 3:6])
    candidate_ = np.tanh(xs[:, 6:] + r * hs[:, 6:])  # x·Wh + bh + r ⊙ (h·Uh + b′h)
    np.testing.assert_allclose(got, z * h + (1 - z) * candidate_, rtol=1e-12)
    assert "h̃  = tanh(x_t · Wh + bh + r ⊙ (h_(t-1) · Uh + b′h))" in _lesson("waves_gru")
