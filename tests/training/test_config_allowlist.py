"""Model configs and compile settings by allowlist (issue 14): honest models pass, every kind of
smuggled data is refused with the layer and key named, JSON is bounded before parsing (in the grader
and in the trainer), EPOCHS / BATCH_SIZE take any integer-like value, and the learner's build, memory
and training failures are their ``error``, never ``ungradable``.

Most tests are in-process: they build models with Keras here and run the allowlist on their JSON, as
the trainer does. The few end-to-end ones go through the real CLI and are marked slow.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import shutil
import sys

import numpy as np
import pytest

from tests.support import REPO, Cli
from tutor import bounded_json
from tutor.course import CourseError, load_course
from tutor.training.process import Trainer, TrainerFailed
from tutor.training.session import TrainingRun

KERAS_EXERCISES = ("iris_dense", "breast_cancer", "regularized_mlp", "digits_cnn", "digits_lstm", "waves_gru",
                   "forecast_lstm", "autoencoder", "mnist_dense", "cifar_cnn", "imdb_lstm")


# ---- bounded JSON: no TensorFlow ---------------------------------------------------------------

def test_bounded_json_measures_depth_and_size_on_the_raw_text():
    assert bounded_json.loads('{"a": "[[[[{{{{", "b": [1, {"c": [2]}]}', max_bytes=100, max_depth=4) == \
        {"a": "[[[[{{{{", "b": [1, {"c": [2]}]}
    assert bounded_json.loads(b'["\\"[["]', max_bytes=100, max_depth=1) == ['"[[']
    for text, message in (("[" * 200_000, "nested more than 64 levels deep"), ('[1, NaN]', "NaN is not a number"),
                          ('{"a": 1', "not valid JSON"), ("[" + "1," * 600_000 + "1]", "larger than 1,048,576 bytes"),
                          (b"\xff", "not valid UTF-8")):
        with pytest.raises(ValueError, match=message):
            bounded_json.loads(text, max_bytes=1024 * 1024, max_depth=64)


def describe_with(real_course, exercise="iris_dense", **raw):
    run = TrainingRun(real_course.get(exercise), seed=1)
    reply = {"model_json": '{"class_name": "Sequential", "config": {"layers": []}}', "compile_json": "{}",
             "epochs": 60, "batch_size": 16, **raw}
    return run, run.describe(lambda *args: reply)


def test_the_grader_bounds_what_the_sandbox_returns_before_parsing_it(real_course):
    deep = "[" * 100 + "]" * 100
    for key, message in (("compile_json", "its compile settings: the JSON text is nested more than 32"),
                         ("model_json", "its config: the JSON text is nested more than 64"),
                         ("callbacks_json", "its CALLBACKS: the JSON text is nested more than 8")):
        with pytest.raises(ValueError, match=message):
            describe_with(real_course, **{key: deep})
    with pytest.raises(ValueError, match="larger than"):
        describe_with(real_course, model_json='{"x": "' + "a" * 2_000_000 + '"}')


def test_epochs_and_batch_size_take_any_integer_like_value_and_are_range_checked(real_course):
    run, description = describe_with(real_course, epochs=np.int64(60), batch_size=np.int32(16))
    assert description["fit"]["epochs"] == 60 and type(description["fit"]["epochs"]) is int
    assert json.loads(json.dumps(description["fit"]))["batch_size"] == 16 and not description["problems"]
    cases = {60.0: "EPOCHS must be a whole number (like 60), not 60.0",
             True: "EPOCHS must be a whole number, not True",
             "60": "EPOCHS must be a whole number, not '60'", None: "EPOCHS must be a whole number, not None",
             0: "EPOCHS must be at least 1, not 0", 300: "EPOCHS = 300 but the budget is 200 epochs",
             np.bool_(True): "EPOCHS must be a whole number, not"}
    for value, message in cases.items():
        _, description = describe_with(real_course, epochs=value)
        assert description["problems"][0].startswith(message), (value, description["problems"])
    run, description = describe_with(real_course, batch_size=5000)
    assert description["problems"] == ["BATCH_SIZE must be at most 4,096, not 5,000"]
    # a bad EPOCHS is the learner's failure, told without starting a trainer
    assert run.train(description) == {"problems": ["BATCH_SIZE must be at most 4,096, not 5,000"]}


def course_with_allow(tmp_path, allow: str):
    course = tmp_path / "course"
    shutil.copytree(REPO / "exercises/iris_dense", course / "exercises/iris_dense")
    (course / "solutions").mkdir()
    shutil.copyfile(REPO / "solutions/iris_dense.py", course / "solutions/iris_dense.py")
    (course / "exercises/course.toml").write_text(
        'format_version = 1\nname = "allow"\nversion = "1"\n\n'
        '[[chapters]]\nid = "keras"\ntitle = "Keras"\nexercises = ["iris_dense"]\n')
    toml = course / "exercises/iris_dense/exercise.toml"
    toml.write_text(toml.read_text().replace('labels = "integers"', f'labels = "integers"\nallow = {allow}'))
    return course


def test_an_exercise_enables_extension_hooks_with_training_allow(tmp_path, real_course):
    assert real_course.get("iris_dense").training.allow == ()
    course = load_course(course_with_allow(tmp_path / "ok", '["schedules", "callbacks"]'))
    assert course.get("iris_dense").training.allow == ("schedules", "callbacks")
    assert course.get("iris_dense").training.to_dict()["allow"] == ("schedules", "callbacks")
    with pytest.raises(CourseError, match=r"exercise.toml: field 'training.allow\[1\]': must be one of "
                                          r"callbacks, schedules, pretrained, search; got 'bogus'"):
        load_course(course_with_allow(tmp_path / "bad", '["schedules", "bogus"]'))
    with pytest.raises(CourseError, match=r"field 'training.allow'"):
        load_course(course_with_allow(tmp_path / "type", '"schedules"'))


def scripted_trainer(*events, then: str) -> Trainer:
    """A program speaking the trainer's protocol (ready, read the job, ``events``), then running ``then``:
    a trainer's death at a chosen moment, without importing TensorFlow."""
    lines = "".join(f"print({json.dumps(json.dumps(event))}, flush=True)\n" for event in events)
    script = ("import json, os, signal, sys\nprint(json.dumps({'event': 'ready', 'gpus': []}), flush=True)\n"
              f"sys.stdin.readline()\n{lines}{then}")
    return Trainer(command=[sys.executable, "-c", script])


KILLED = "os.kill(os.getpid(), signal.SIGKILL)\n"


def test_a_trainer_that_dies_handling_the_learners_model_is_their_error_else_the_graders():
    job = {"memory_mb": 2048}
    for phase, status in (("build", "error"), ("train", "error"), ("data", "ungradable"), (None, "ungradable")):
        events = [{"event": "phase", "phase": phase}] if phase else []
        with pytest.raises(TrainerFailed) as failed:
            scripted_trainer(*events, then=KILLED).start().run(job, timeout_s=60)
        assert failed.value.status == status, (phase, failed.value.reason)
        if phase in ("build", "train"):
            doing = {"build": "building", "train": "training"}[phase]
            assert failed.value.reason == (f"your model ran out of memory while {doing} (this exercise has 2,048 MB): "
                                           "make it smaller or use a smaller BATCH_SIZE")
    crash = "sys.stderr.write('Fatal Python error: Aborted\\n'); sys.exit(3)\n"
    with pytest.raises(TrainerFailed) as failed:
        scripted_trainer({"event": "phase", "phase": "train"}, then=crash).start().run(job, timeout_s=60)
    assert (failed.value.status, failed.value.reason) == (
        "error", "the trainer stopped while training your model (Fatal Python error: Aborted)")


def test_the_learners_error_reaches_the_check_it_belongs_to(real_course):
    from tutor.grading.feedback import CheckFailed, LearnerError
    from tutor.grading.training_checks import TrainingChecks

    class Checks(TrainingChecks):
        pass

    for phase, model_check, training_check in (("build", LearnerError, CheckFailed), ("train", None, LearnerError)):
        run, description = describe_with(real_course)
        run._trainer = scripted_trainer({"event": "phase", "phase": phase}, then=KILLED).start()
        outcome = run.train(description)
        assert outcome["error"].startswith("your model ran out of memory") and outcome["stage"] == phase
        checks = Checks()
        checks._training = run
        if model_check:
            with pytest.raises(model_check, match="your model ran out of memory while building"):
                checks.check_model()
        else:
            checks.check_model()  # the model itself was sound: the training check says what failed
        with pytest.raises(training_check, match="not trained: fix the model first" if phase == "build" else
                           "your model ran out of memory while training"):
            checks.reach_target()


# ---- the allowlist on models built here -----------------------------------------------------


def config_of(model) -> dict:
    return json.loads(model.to_json())


def compile_of(model) -> dict:
    return json.loads(json.dumps(model.get_compile_config()))


def refusals(keras, model=None, *, config=None, compile_config=None, callbacks=None, allow=()):
    from tutor.helpers.compile_allowlist import check_callbacks, check_compile_config
    from tutor.helpers.config_allowlist import check_model_config

    problems = []
    if model is not None or config is not None:
        problems += check_model_config(config if config is not None else config_of(model), keras=keras, allow=allow)
    if compile_config is not None or (model is not None and model.compiled):
        problems += check_compile_config(compile_config if compile_config is not None else compile_of(model),
                                         keras=keras, allow=allow)
    return problems + check_callbacks(callbacks, keras=keras, allow=allow)


def load_solution(name: str):
    spec = importlib.util.spec_from_file_location(f"solution_{name}", REPO / "solutions" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rebuilt_and_inspected(keras, model, spec: dict, fit: dict) -> list[str]:
    """What the trainer does after the allowlist: rebuild from the config, inspect, estimate memory."""
    from tutor.helpers.inspect_model import inspect, memory_problem
    from tutor.helpers.trainer import rebuild

    fresh = rebuild(keras, config_of(model), spec["input_shape"])
    problems = inspect(fresh, compile_of(model), fit, spec)
    return problems or [p for p in [memory_problem(fresh, fit["batch_size"], spec["input_shape"], 4096)] if p]


@pytest.mark.tensorflow
def test_every_keras_reference_solution_passes_the_allowlist(keras, real_course):
    seen = set()
    for exercise in real_course.exercises:
        if exercise.mode != "architecture":
            continue
        seen.add(exercise.id)
        module = load_solution(exercise.id)
        for builder in filter(None, ("build_model", exercise.training.contrast)):
            model = getattr(module, builder)()
            assert refusals(keras, model, allow=exercise.training.allow) == [], (exercise.id, builder)
            fit = {"epochs": module.EPOCHS, "batch_size": module.BATCH_SIZE}
            assert rebuilt_and_inspected(keras, model, exercise.training.to_dict(), fit) == [], (exercise.id, builder)
    assert seen >= set(KERAS_EXERCISES)


@pytest.mark.tensorflow
def test_functional_nested_and_input_shape_models_pass(keras):
    L = keras.layers
    inputs = keras.Input(shape=(4,), name="measurements")
    hidden = L.Dense(16, activation="relu")(inputs)
    inner = keras.Sequential([keras.Input(shape=(16,)), L.Dense(8, activation="relu"), L.Dropout(0.2)], name="block")
    merged = L.Concatenate()([hidden, inner(hidden)])
    functional = keras.Model(inputs, L.Dense(3, activation="softmax")(merged))
    functional.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                       metrics=["accuracy", keras.metrics.SparseCategoricalAccuracy()])
    first_layer_shape = keras.Sequential([L.Dense(8, activation="relu", input_shape=(4,)),
                                          L.Dense(3, activation="softmax")])
    first_layer_shape.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(),
                              metrics=["accuracy"])
    inner_functional = keras.Sequential([keras.Input(shape=(4,)), functional])
    images = keras.Sequential([keras.Input(shape=(8, 8, 1)), L.Rescaling(1 / 255), L.RandomFlip("horizontal"),
                               L.Conv2D(8, 3, padding="same", activation="relu",
                                        kernel_regularizer=keras.regularizers.L2(1e-4)),
                               L.BatchNormalization(), L.MaxPooling2D(), L.GlobalAveragePooling2D(),
                               L.Dense(10, activation="softmax", kernel_initializer="he_normal")])
    images.compile(optimizer=keras.optimizers.SGD(0.01, momentum=0.9, nesterov=True),
                   loss=keras.losses.sparse_categorical_crossentropy,
                   metrics=[keras.metrics.sparse_categorical_accuracy])
    sequences = keras.Input(shape=(10, 8))
    attended = L.MultiHeadAttention(num_heads=2, key_dim=4)(sequences, sequences)
    normalized = L.LayerNormalization()(L.Add()([sequences, attended]))
    recurrent = L.Bidirectional(L.LSTM(8, return_sequences=True))(normalized)
    stepwise = L.TimeDistributed(L.Dense(4))(recurrent)
    cells = L.RNN(L.GRUCell(4))(stepwise)
    attention = keras.Model(sequences, L.Dense(1)(cells))
    attention.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    for model in (functional, first_layer_shape, inner_functional, images, attention):
        assert refusals(keras, model) == [], model.name
    iris = {"input_shape": [4], "outputs": 3, "labels": "integers", "max_params": 5000, "max_epochs": 200}
    for model in (functional, first_layer_shape):
        assert rebuilt_and_inspected(keras, model, iris, {"epochs": 60, "batch_size": 16}) == [], model.name


# Listings from the course's source texts (/work/shared/seeds), as learners type them.
LISTINGS = {
    "iris_dense": """
model = Sequential()
model.add(Dense(8, activation='relu', input_shape=(4,)))
model.add(Dense(3, activation='softmax'))
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
""",
    "breast_cancer": """
model = models.Sequential()
model.add(layers.Dense(30, activation='relu', input_shape=(X_train.shape[1],)))
model.add(layers.Dense(16, activation='relu'))
model.add(layers.Dense(1, activation='sigmoid'))
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
""",
    "cifar_cnn": """
model = Sequential()
model.add(Conv2D(32, (3, 3), activation='relu', input_shape=(32, 32, 3)))
model.add(MaxPooling2D((2, 2)))
model.add(Conv2D(64, (3, 3), activation='relu'))
model.add(MaxPooling2D((2, 2)))
model.add(Conv2D(64, (3, 3), activation='relu'))
model.add(Flatten())
model.add(Dense(64, activation='relu'))
model.add(Dense(10, activation='softmax'))
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
""",
    "mnist_dense": """
model = tf.keras.Sequential()
input_layer = layers.Flatten(input_shape=(28,28))
layer1 = layers.Dense(128, activation='relu')
model.add(input_layer)
model.add(layer1)
model.add(layers.Dense(10, activation='softmax'))
optimizer = tf.keras.optimizers.Adam(0.001)
model.compile(loss='sparse_categorical_crossentropy', optimizer=optimizer, metrics=['accuracy'])
""",
    "imdb_lstm": """
model = Sequential()
model.add(Embedding(input_dim=max_words, output_dim=32, input_length=max_len))
model.add(SimpleRNN(units=32))
model.add(Dense(units=1, activation='sigmoid'))
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
""",
    "forecast_lstm": """
model = tf.keras.Sequential([
    tf.keras.layers.SimpleRNN(64, return_sequences=True, input_shape=(None, 1)),
    tf.keras.layers.SimpleRNN(32, return_sequences=True),
    tf.keras.layers.SimpleRNN(16),
    tf.keras.layers.Dense(1)
])
model.compile(optimizer='adam', loss='mse')
""",
    "regularized_mlp": """
model = keras.Sequential([
    layers.Dense(64, input_dim=300, activation='relu', kernel_regularizer=keras.regularizers.l2(0.001)),
    layers.Dropout(0.5),
    layers.Dense(32, activation='leaky_relu'),
    layers.Dropout(0.5),
    layers.Dense(3, activation='softmax')
])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
""",
    # the rest fit no exercise as they stand: they must still pass the allowlist
    None: """
lstm_cell = tf.keras.layers.LSTMCell(64)
gru_cell = tf.keras.layers.GRUCell(64)
models_typed = [tf.keras.Sequential([
    tf.keras.layers.RNN(lstm_cell, return_sequences=True, input_shape=(None, 1)),
    tf.keras.layers.RNN(gru_cell),
    tf.keras.layers.Dense(1)
]), tf.keras.Sequential([
    tf.keras.layers.Masking(mask_value=0., input_shape=(max_len, n_features)),
    tf.keras.layers.LSTM(64, return_sequences=True),
    tf.keras.layers.LSTM(32),
    tf.keras.layers.Dense(1)
]), tf.keras.Sequential([
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(64, return_sequences=True), input_shape=(None, 5)),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(32)),
    tf.keras.layers.Dense(1)
]), tf.keras.Sequential([
    tf.keras.layers.LSTM(64, return_sequences=True, dropout=0.2, recurrent_dropout=0.2,
                         kernel_regularizer=tf.keras.regularizers.l2(0.01), input_shape=(None, 5)),
    tf.keras.layers.LSTM(32, dropout=0.2, recurrent_dropout=0.2, kernel_regularizer=tf.keras.regularizers.l2(0.01)),
    tf.keras.layers.Dense(1, kernel_regularizer=tf.keras.regularizers.l1(0.01))
]), keras.Sequential([
    layers.Dense(encoding_dim, input_dim=input_dim, activation='relu'),
    layers.Dense(input_dim, activation='sigmoid')
]), keras.Sequential([  # digits_cnn's listing (38,602 parameters: within that exercise's budget)
    layers.Conv2D(32, kernel_size=(3, 3), activation='relu', input_shape=(8, 8, 1)),
    layers.MaxPooling2D(pool_size=(2, 2)),
    layers.Flatten(),
    layers.Dense(128, activation='relu'),
    layers.Dense(10, activation='softmax')
]), keras.Sequential([
    layers.Conv3D(32, kernel_size=(3, 3, 3), activation='relu', input_shape=(32, 32, 32, 1)),
    layers.MaxPooling3D(pool_size=(2, 2, 2)),
    layers.Flatten(),
    layers.Dense(128, activation='relu'),
    layers.Dense(4, activation='softmax')
])]
for typed in models_typed:
    typed.compile(optimizer='adam', loss='mse')
typed = tf.keras.Sequential()
typed.add(layers.Embedding(input_dim=10000, output_dim=32, input_length=784))
typed.add(layers.Bidirectional(layers.LSTM(units=128)))
typed.add(layers.Dense(units=64, activation='relu'))
typed.add(layers.Dense(units=10, activation='softmax'))
typed.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
typed.build((None, 784))
models_typed.append(typed)
""",
}


@pytest.mark.tensorflow
def test_listings_from_the_course_texts_pass(keras, real_course):
    import types

    tf = types.SimpleNamespace(keras=keras)
    names = {"keras": keras, "tf": tf, "layers": keras.layers, "models": keras.models,
             "Sequential": keras.Sequential, "X_train": np.zeros((4, 30)), "max_words": 10000, "max_len": 200,
             "n_features": 5, "encoding_dim": 10, "input_dim": 20,
             **{name: getattr(keras.layers, name) for name in ("Dense", "Conv2D", "MaxPooling2D", "Flatten",
                                                              "Embedding", "SimpleRNN")}}
    for exercise, listing in LISTINGS.items():
        namespace = dict(names)
        exec(listing, namespace)
        if exercise is None:
            for typed in namespace["models_typed"]:
                assert refusals(keras, typed) == [], typed.name
            continue
        model = namespace["model"]
        assert refusals(keras, model) == [], exercise
        assert rebuilt_and_inspected(keras, model, real_course.get(exercise).training.to_dict(),
                                     {"epochs": 5, "batch_size": 32}) == [], exercise


# ---- smuggling: refused, the layer and the key named -------------------------------------------

def dense_model(keras, **dense):
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, name="out", **dense)])
    return config_of(model)


def layer_entry(config: dict, name: str) -> dict:
    return next(layer for layer in config["config"]["layers"] if layer["config"].get("name") == name)


@pytest.mark.tensorflow
def test_literal_data_in_any_setting_is_refused_naming_the_layer_and_the_key(keras):
    L = keras.layers
    normalized = keras.Sequential([keras.Input(shape=(4,)), L.Normalization(mean=[5.8, 3.0, 3.7, 1.2],
                                   variance=[0.7, 0.2, 3.1, 0.6], name="norm"), L.Dense(3)])
    problem = refusals(keras, normalized)[0]
    assert problem.startswith("layer 'norm' (Normalization): mean must be None or a single number") and \
        "weights and data cannot be written into the model" in problem
    assert refusals(keras, keras.Sequential([keras.Input(shape=(4,)), L.Normalization(mean=5.8, variance=0.7)])) == []
    bias = refusals(keras, config=dense_model(keras, bias_initializer=keras.initializers.Constant([0.1, 0.2, 0.3])))
    assert bias[0].startswith("layer 'out' (Dense), bias_initializer=Constant: value must be a single number")
    kernel = refusals(keras, config=dense_model(keras, kernel_initializer=keras.initializers.Constant(0.5)))
    assert kernel[0].startswith("layer 'out' (Dense), kernel_initializer may not be Constant")
    assert refusals(keras, config=dense_model(keras, bias_initializer=keras.initializers.Constant(0.1))) == []
    binned = keras.Sequential([keras.Input(shape=(4,)),
                               L.Discretization(bin_boundaries=[0.0, 1.0, 2.0], name="bins")])
    assert "layer 'bins' (Discretization): Discretization is not among the Keras classes accepted here (its " \
           "bin_boundaries would carry literal data)" in refusals(keras, binned)[0]

    forged = dense_model(keras)
    layer_entry(forged, "out")["config"]["lookup"] = list(range(1000))
    assert refusals(keras, config=forged)[0].startswith("layer 'out' (Dense): unknown setting 'lookup'; weights")
    forged = dense_model(keras)
    layer_entry(forged, "out")["config"]["use_bias"] = [True, False] * 300
    assert refusals(keras, config=forged)[0].startswith("layer 'out' (Dense): use_bias must be True or False, not [")
    forged = dense_model(keras)
    layer_entry(forged, "out")["config"]["quantization_config"] = {"table": [[1, 0]] * 50}
    assert refusals(keras, config=forged)[0].startswith("layer 'out' (Dense): quantization_config can only keep "
                                                        "its default value here (None)")
    forged = dense_model(keras)
    layer_entry(forged, "out")["config"]["name"] = "out\n[1.0, 2.0]"
    assert "name must be a short plain name" in refusals(keras, config=forged)[0]
    assert refusals(keras, keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, name="sortie à 3")])) == []
    forged = dense_model(keras)
    layer_entry(forged, "out")["config"]["units"] = 10**9
    assert refusals(keras, config=forged) == [
        "layer 'out' (Dense): units must be a whole number from 1 to 100,000, not 1000000000"]


@pytest.mark.tensorflow
def test_many_small_numbers_are_capped_per_model(keras):
    config = dense_model(keras)
    reshape = {"module": "keras.layers", "class_name": "Reshape", "registered_name": None,
               "config": {"name": "r", "target_shape": [2, 2, 1, 1, 1, 1, 1, 1]}}
    config["config"]["layers"][1:1] = [copy.deepcopy(reshape) for _ in range(60)]
    assert refusals(keras, config=config)[-1].startswith("your model's config holds 483 literal numbers; at most 400 "
                                                         "are accepted; weights and data cannot be written")
    config["config"]["layers"][1:1] = [copy.deepcopy(reshape) for _ in range(200)]
    assert refusals(keras, config=config)[0].endswith("(Sequential): layers must be a list of at most 200 entries")
    L = keras.layers
    blocks = [keras.Sequential([L.Dropout(0.1) for _ in range(120)]) for _ in range(2)]
    nested = keras.Sequential([keras.Input(shape=(4,)), *blocks, L.Dense(3)])
    assert "your model has more than 200 layers" in refusals(keras, nested)


@pytest.mark.tensorflow
def test_functional_inbound_nodes_carry_only_references_to_layer_outputs(keras):
    L = keras.layers
    inputs = keras.Input(shape=(4,))
    hidden = L.Dense(8, name="hidden")(inputs)
    config = config_of(keras.Model(inputs, L.Dense(3, name="out")(hidden)))
    constant = copy.deepcopy(config)
    layer_entry(constant, "out")["inbound_nodes"][0]["args"][0] = [0.5, 1.5, 2.5]
    assert refusals(keras, config=constant)[0].startswith(
        "layer 'out' (Dense): inbound_nodes may only refer to other layers' outputs, not 0.5; weights and data")
    numpy_array = copy.deepcopy(config)
    layer_entry(numpy_array, "out")["inbound_nodes"][0]["kwargs"]["mask"] = {
        "class_name": "__numpy__", "config": {"value": [1, 0, 1], "dtype": "float32"}}
    assert "inbound_nodes may only refer to other layers' outputs" in refusals(keras, config=numpy_array)[0]
    extra = copy.deepcopy(config)
    layer_entry(extra, "out")["inbound_nodes"][0]["kwargs"]["constants"] = [[1.0, 2.0]]
    assert refusals(keras, config=extra)[0].startswith("layer 'out' (Dense): inbound_nodes may not pass 'constants'")
    scaled = keras.ops.multiply(hidden, 2.0)
    ops_model = keras.Model(inputs, L.Dense(3)(scaled))
    assert "keras.ops calls cannot be part of a model graded here" in refusals(keras, ops_model)[0]


@pytest.mark.tensorflow
def test_classes_that_are_not_allowed_are_named(keras):
    L = keras.layers
    lambda_model = keras.Sequential([keras.Input(shape=(4,)), L.Lambda(lambda x: x * 2), L.Dense(3)])
    assert refusals(keras, lambda_model)[0].startswith("Lambda layers are not allowed")

    class Sneaky(L.Layer):
        def call(self, x):
            return x

    sneaky = keras.Sequential([keras.Input(shape=(4,)), Sneaky(name="sneaky"), L.Dense(3)])
    assert "not a built-in Keras class" in refusals(keras, sneaky)[0]
    forged = dense_model(keras)
    layer_entry(forged, "out")["module"] = "keras.src.layers.core.dense"  # the right class by another path
    assert "not a built-in Keras class" in refusals(keras, config=forged)[0]
    odd_activation = dense_model(keras)
    layer_entry(odd_activation, "out")["config"]["activation"] = {"module": "keras.layers", "class_name": "PReLU",
                                                                   "config": {}, "registered_name": None}
    assert refusals(keras, config=odd_activation)[0].startswith(
        "layer 'out' (Dense), activation=PReLU: PReLU is not among the Keras classes accepted here")
    optimizer_as_layer = dense_model(keras)
    optimizer_as_layer["config"]["layers"][1] = {"module": "keras.optimizers", "class_name": "Adam",
                                                 "config": {}, "registered_name": None}
    assert "Adam is an optimizer, not a layer or a model" in refusals(keras, config=optimizer_as_layer)[0]
    pretrained = keras.Sequential([keras.Input(shape=(4,)), L.Dense(8, name="dltutor_pretrained_base"), L.Dense(3)])
    assert refusals(keras, pretrained)[0].startswith(
        "the name 'dltutor_pretrained_base' is reserved for a pre-trained base that an exercise provides")
    assert refusals(keras, pretrained, allow={"pretrained"}) == []


@pytest.mark.tensorflow
def test_the_trainer_bounds_its_job_and_the_model_json_before_parsing(keras):
    from tutor.helpers.trainer import JOB_DEPTH, review

    job = {"model_json": "[" * 100_000, "compile": None, "fit": {}, "spec": {}}
    config, problems = review(keras, job)
    assert config is None and problems == ["your model's config was refused: the JSON text is nested more than 64 "
                                           "levels deep"]
    with pytest.raises(ValueError, match=f"nested more than {JOB_DEPTH}"):
        bounded_json.loads(b"[" * 1000, max_bytes=4 * 1024 * 1024, max_depth=JOB_DEPTH)


def compiled(keras, **settings):
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(**{"optimizer": "adam", "loss": "sparse_categorical_crossentropy", **settings})
    return compile_of(model)


@pytest.mark.tensorflow
def test_compile_settings_by_allowlist(keras):
    assert refusals(keras, compile_config=compiled(keras, optimizer=keras.optimizers.Adam(learning_rate=1e9))) == [
        "the optimizer (Adam): learning_rate must be a single number in (0, 10], not 1000000000.0"]
    assert refusals(keras, compile_config=compiled(keras, optimizer=keras.optimizers.Adam(beta_1=1.0)))[0].startswith(
        "the optimizer (Adam): beta_1 must be a single number in [0, 1)")
    assert refusals(keras, compile_config=compiled(keras, metrics=["accuracy", "bogus"])) == [
        "the metric 'bogus' is not a Keras metric known here: use e.g. metrics=['accuracy']"]
    forged = compiled(keras)
    for optimizer, message in (("adamx", "the optimizer 'adamx' is not one Keras knows"),
                               ({"module": "keras.optimizers", "class_name": "Sneaky", "config": {},
                                 "registered_name": None}, "the optimizer (Sneaky): Sneaky is not among")):
        assert refusals(keras, compile_config={**forged, "optimizer": optimizer})[0].startswith(message)
    smoothing = compiled(keras, loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1, from_logits=True))
    assert refusals(keras, compile_config=smoothing) == []
    forged_loss = copy.deepcopy(smoothing)
    forged_loss["loss"]["config"]["label_smoothing"] = [0.1] * 40
    assert refusals(keras, compile_config=forged_loss)[0].startswith("the loss (CategoricalCrossentropy): "
                                                                     "label_smoothing must be a single number")
    assert refusals(keras, compile_config={**forged, "loss": ["mse", "mse"]})[0].startswith(
        "give model.compile() one loss")
    assert refusals(keras, compile_config={**forged, "sneaky": 1}) == [
        "model.compile() got an unknown setting 'sneaky'"]


@pytest.mark.tensorflow
def test_schedules_and_callbacks_are_declared_hooks_an_exercise_allows(keras):
    schedule = keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=100, decay_rate=0.9)
    with_schedule = compiled(keras, optimizer=keras.optimizers.Adam(learning_rate=schedule))
    assert refusals(keras, compile_config=with_schedule)[0].startswith(
        "the optimizer (Adam): learning-rate schedules are not used in this exercise")
    assert refusals(keras, compile_config=with_schedule, allow={"schedules"}) == []
    steps = keras.optimizers.schedules.PiecewiseConstantDecay(list(range(1, 40)), [0.01] * 40)
    assert "PiecewiseConstantDecay: boundaries must be a list of at most 16 whole numbers" in refusals(
        keras, compile_config=compiled(keras, optimizer=keras.optimizers.SGD(steps)), allow={"schedules"})[0]

    from tutor.training.describe import _callback

    early = [_callback(keras.callbacks.EarlyStopping(monitor="loss", patience=5, restore_best_weights=True)),
             _callback(keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, min_lr=1e-5))]
    assert refusals(keras, callbacks=early) == ["this exercise takes no callbacks: remove CALLBACKS from your file"]
    assert refusals(keras, callbacks=early, allow={"callbacks"}) == []
    impatient = copy.deepcopy(early)
    impatient[0]["config"]["patience"] = -1
    assert refusals(keras, callbacks=impatient, allow={"callbacks"}) == [
        "the callback EarlyStopping: patience must be a whole number from 0 to 1,000, not -1"]
    other = [_callback(keras.callbacks.LambdaCallback())]
    assert refusals(keras, callbacks=other, allow={"callbacks"})[0].startswith(
        "CALLBACKS may hold keras.callbacks.EarlyStopping or ReduceLROnPlateau, not 'LambdaCallback'")


@pytest.mark.tensorflow
def test_every_name_the_allowlist_accepts_means_something_to_keras(keras):
    from tutor.helpers import allowed_classes
    from tutor.helpers.allowlist_schema import ACTIVATIONS

    for name in allowed_classes.OPTIMIZER_NAMES:
        keras.optimizers.get(name)
    for name in allowed_classes.LOSS_NAMES:
        keras.losses.get(name)
    for name in set(allowed_classes.METRIC_NAMES) - {"acc"}:  # compile() itself reads "acc" as accuracy
        keras.metrics.get(name)
    for name in ACTIVATIONS:
        keras.activations.get(name)
    for makers in allowed_classes.KINDS.values():
        for make in makers(keras).values():
            make()  # every allowed class has a default instance on the installed Keras


@pytest.mark.tensorflow
def test_activation_memory_is_estimated_from_the_rebuilt_model(keras):
    from tutor.helpers.inspect_model import activation_bytes, memory_problem

    L = keras.layers
    wide = keras.Sequential([keras.Input(shape=(4,)), L.Dense(16), L.RepeatVector(100_000), L.Dense(64),
                             L.GlobalAveragePooling1D(), L.Dense(3, activation="softmax")])
    assert wide.count_params() < 5000
    assert memory_problem(wide, 112, [4], 4096) == (
        "your model needs about 10,254 MB of activations per batch of 112, more than the 4,096 MB this exercise "
        "has: use a smaller BATCH_SIZE or smaller layers")
    from tutor.helpers.trainer import rebuild

    rebuilt = rebuild(keras, config_of(wide), [4])  # rebuilt from its config, layer by layer: counted once
    assert activation_bytes(rebuilt, 64, [4]) == activation_bytes(wide, 64, [4]) == (16 + 1_600_000 + 6_400_000 + 64
                                                                                     + 3) * 64 * 4 * 3
    recurrent = keras.Sequential([keras.Input(shape=(40, 1)), L.LSTM(32), L.Dense(3)])
    per_row = activation_bytes(rebuild(keras, config_of(recurrent), [40, 1]), 1, [40, 1]) / 4 / 3
    assert per_row == 32 + 3 + 40 * 32 * 5  # the LSTM keeps its gates and state at every step
    inputs = keras.Input(shape=(40, 1))
    nested = keras.Model(inputs, keras.Sequential([keras.Input(shape=(40, 1)), L.LSTM(32), L.Dense(3)])(inputs))
    assert activation_bytes(rebuild(keras, config_of(nested), [40, 1]), 1, [40, 1]) / 4 / 3 == per_row


# ---- end to end: the real CLI ------------------------------------------------------------------

HONEST_INT64 = (REPO / "solutions" / "iris_dense.py").read_text().replace(
    "import keras\n", "import keras\nimport numpy as np\n").replace("EPOCHS = 60", "EPOCHS = np.int64(60)")
FUNCTIONAL = '''
import keras
EPOCHS, BATCH_SIZE = 60, 16

def build_model():
    inputs = keras.Input(shape=(4,))
    hidden = keras.layers.Dense(16, activation="relu")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(hidden))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
'''
HUGE_ACTIVATIONS = '''
import keras
EPOCHS, BATCH_SIZE = 5, 64

def build_model():
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(16), keras.layers.RepeatVector(100000),
                              keras.layers.Dense(64), keras.layers.GlobalAveragePooling1D(),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
'''


@pytest.mark.slow
@pytest.mark.tensorflow
@pytest.mark.skipif(importlib.util.find_spec("tensorflow") is None, reason="needs TensorFlow")
def test_honest_and_oversized_models_through_the_cli(tmp_path):
    for name, source in {"int64": HONEST_INT64, "functional": FUNCTIONAL, "huge": HUGE_ACTIVATIONS}.items():
        cli = Cli(tmp_path / "class" / name, None)
        assert cli("list").returncode == 0
        cli.learner_file("keras/iris_dense.py").write_text(source)
    result = Cli(tmp_path / "grader", None)(
        "grade", str(tmp_path / "class"), "--exercise", "iris_dense", "--jobs", "2", "--format", "json",
        timeout=600)
    records = {r["submission"]: r["exercises"][0] for r in json.loads(result.stdout)}
    assert result.returncode == 1, result.stderr[-3000:]
    for honest in ("int64", "functional"):
        assert records[honest]["status"] == "passed", records[honest]
        assert records[honest]["training"]["value"] >= 0.9
    huge = records["huge"]
    assert huge["status"] == "error", huge
    model_check, training_check = huge["checks"][:2]
    assert model_check["status"] == "error" and model_check["message"].startswith(
        "your model needs about 5,859 MB of activations per batch of 64"), model_check
    assert training_check["status"] == "failed" and training_check["message"].startswith("not trained")
