"""Training exercises: the model is described in the sandbox and trained by a trusted helper, so
no trick in the learner's file can pass; epochs stream to the CLI as they happen."""

from __future__ import annotations

import json

import pytest

from tests.support import REPO, Cli

pytestmark = [pytest.mark.slow, pytest.mark.tensorflow]
pytest.importorskip("tensorflow")

SOLUTION = (REPO / "solutions" / "iris_dense.py").read_text()
HONEST_TINY = '''
import keras
EPOCHS = {epochs}
BATCH_SIZE = 16

def build_model():
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.001),
                  loss="sparse_categorical_crossentropy")
    return model
'''
CHEATS = {
    # predict() looks the answers up in the bundled dataset
    "lookup": '''
import keras, numpy as np
from sklearn.datasets import load_iris
EPOCHS, BATCH_SIZE = 1, 16
ROWS = load_iris()

class Oracle(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(3, activation="softmax")
    def call(self, x):
        return self.dense(x)
    def predict(self, x, **kwargs):
        return np.eye(3)[ROWS.target[: len(x)]]

def build_model():
    model = Oracle()
    model.build((None, 4))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model
''',
    # trains on every row, test rows included, and hopes the weights travel with the model
    "pretrained": HONEST_TINY.format(epochs=1).replace("    return model", '''    from sklearn.datasets import load_iris
    data = load_iris()
    x = (data.data - data.data.mean(0)) / data.data.std(0)
    model.optimizer.learning_rate = 0.05
    model.fit(x, data.target, epochs=300, verbose=0)
    return model'''),
    "custom_layer": '''
import keras
EPOCHS, BATCH_SIZE = 60, 16

@keras.saving.register_keras_serializable()
class Sneaky(keras.layers.Layer):
    def call(self, x):
        return x

def build_model():
    model = keras.Sequential([keras.Input(shape=(4,)), Sneaky(), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model
''',
    "lambda_layer": '''
import keras
EPOCHS, BATCH_SIZE = 60, 16

def build_model():
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Lambda(lambda x: x * 2),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model
''',
    # patches fit and prints a passing report, with a model that cannot learn in one slow epoch
    "patched_fit": HONEST_TINY.format(epochs=1) + '''
keras.Model.fit = lambda self, *args, **kwargs: None
keras.Model.evaluate = lambda self, *args, **kwargs: [0.0, 1.0]
print(json.dumps({"status": "passed", "score": 4, "max_score": 4, "checks": []}))
'''.replace("json.dumps", "__import__('json').dumps"),
    # trains on every row, then writes the trained weights into the config as initial values
    "constant_weights": '''
import keras
from sklearn.datasets import load_iris
EPOCHS, BATCH_SIZE = 1, 16

def build_model():
    data = load_iris()
    x = (data.data - data.data.mean(0)) / data.data.std(0)
    trained = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")])
    trained.compile(optimizer=keras.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy")
    trained.fit(x, data.target, epochs=200, verbose=0)
    kernel, bias = (w.tolist() for w in trained.layers[0].get_weights())
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(
        3, activation="softmax", kernel_initializer=keras.initializers.Constant(kernel),
        bias_initializer=keras.initializers.Constant(bias))])
    model.compile(optimizer=keras.optimizers.SGD(1e-9), loss="sparse_categorical_crossentropy")
    return model
''',
}
EXPECTED_MESSAGE = {
    "lookup": "not a built-in Keras class",
    "pretrained": "but the target is ≥ 0.9",
    "custom_layer": "not a built-in Keras class",
    "lambda_layer": "Lambda layers are not allowed",
    "patched_fit": "but the target is ≥ 0.9",
    "constant_weights": "kernel_initializer may not be Constant",
}
# not cheating, just a common mistake: its Keras error comes with a plain-words hint, once
LSTM_ON_ROWS = HONEST_TINY.format(epochs=60).replace(
    'keras.layers.Dense(16, activation="relu")', "keras.layers.LSTM(16)")


def test_no_trick_in_the_learners_file_passes(tmp_path):
    for name, source in CHEATS.items():
        cli = Cli(tmp_path / "class" / name, None)
        assert cli("list").returncode == 0
        cli.learner_file("keras/iris_dense.py").write_text(source)
    lstm = Cli(tmp_path / "class" / "lstm_on_rows", None)
    lstm("list")
    lstm.learner_file("keras/iris_dense.py").write_text(LSTM_ON_ROWS)
    result = Cli(tmp_path / "grader", None)(
        "grade", str(tmp_path / "class"), "--exercise", "iris_dense", "--jobs", "2", "--format", "json",
        timeout=600)
    records = {r["submission"]: r for r in json.loads(result.stdout)}
    assert result.returncode == 1, result.stderr[-3000:]
    for name, message in EXPECTED_MESSAGE.items():
        report = records[name]["exercises"][0]
        assert report["status"] == "failed" and report["score"] < report["max_score"], (name, report)
        assert message in json.dumps(report["checks"], ensure_ascii=False), (name, report["checks"])
    lstm_checks = records["lstm_on_rows"]["exercises"][0]["checks"]
    assert lstm_checks[0]["status"] == "error" and "A recurrent layer reads sequences" in lstm_checks[0]["message"]
    assert lstm_checks[1]["message"].startswith("not trained: fix the model first")
    pretrained = records["pretrained"]["exercises"][0]["training"]
    assert pretrained["value"] < 0.9  # one epoch from fresh weights: nothing carried over


@pytest.fixture(scope="module")
def reference_checked(tmp_path_factory):
    cli = Cli(tmp_path_factory.mktemp("reference") / "ws", None)
    assert cli("list").returncode == 0
    cli.learner_file("keras/iris_dense.py").write_text(SOLUTION)
    return cli, cli("check", "iris_dense", "--json", timeout=300)


def test_the_reference_passes_and_epochs_stream_while_training(reference_checked):
    _, result = reference_checked
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["status"] == "passed", report
    training = report["training"]
    assert training["metric"] == "accuracy" and training["value"] >= training["target"] == 0.9
    assert training["params"] == 4 * 16 + 16 + 16 * 3 + 3
    epoch_lines = [line for line in result.stderr.splitlines() if line.startswith("epoch ")]
    assert epoch_lines[0].startswith("epoch 1/60 · loss") and epoch_lines[-1].startswith("epoch 60/60")
    numbers = [int(line.split()[1].split("/")[0]) for line in epoch_lines]
    assert numbers == sorted(numbers)


def test_training_is_deterministic_for_a_seed(reference_checked):
    cli, first = reference_checked
    again = cli("check", "iris_dense", "--json", timeout=300)
    assert json.loads(again.stdout)["training"]["value"] == json.loads(first.stdout)["training"]["value"]


def test_a_forged_config_too_large_for_memory_fails_cleanly():
    """The sandbox can send any JSON (its to_json may be patched): a model of 10 billion weights, each
    setting within its range, must fail within the trainer's memory limit as the learner's error, not
    crash the grader or its machine."""
    from tutor.training.process import TrainerFailed, run_trainer

    layers = [{"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
               "config": {"batch_shape": [None, 4], "name": "x"}},
              {"module": "keras.layers", "class_name": "Dense", "registered_name": None,
               "config": {"units": 100_000, "name": "wide"}},
              {"module": "keras.layers", "class_name": "Dense", "registered_name": None,
               "config": {"units": 100_000, "name": "huge"}}]
    config = {"module": "keras", "class_name": "Sequential", "registered_name": None,
              "config": {"name": "forged", "layers": layers}}
    spec = {"dataset": "iris", "metric": "accuracy", "target": 0.9, "max_epochs": 10, "max_params": 5000,
            "budget_s": 20, "input_shape": [4], "outputs": 3, "labels": "integers"}
    job = {"model_json": json.dumps(config), "compile": {"loss": "sparse_categorical_crossentropy",
           "optimizer": "adam"}, "fit": {"epochs": 1, "batch_size": 16}, "spec": spec, "seed": 1,
           "data_seed": 1, "threads": 1, "memory_mb": 2048}
    try:
        result = run_trainer(job, timeout_s=180)
    except TrainerFailed as failed:  # killed for memory while building: still the learner's error
        assert failed.status == "error" and failed.phase == "build", failed.reason
        message = failed.reason
    else:
        assert result["problems"] == [] and result["stage"] == "build", result
        message = result["error"]
    assert message.startswith("your model ran out of memory while being rebuilt (this exercise has 2,048 MB)")
