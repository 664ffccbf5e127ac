"""Curriculum I (exercises 10–12 of the foundations chapter): the optimizers match
keras.optimizers step by step in float64, dropout behaves like keras.layers.Dropout, the
from-scratch training reaches its stated targets, and a differently written correct solution of
each exercise passes with full points."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from tests.support import REPO
from tests.support.references import reference, rel_error

ROOT = REPO
EXERCISES = ["optimizers", "dropout", "train_from_scratch"]


def checks_module(exercise_id: str):
    """Import exercises/<id>/checks.py (the data generators and targets live there)."""
    return _load(ROOT / "exercises" / exercise_id / "checks.py", f"_checks_{exercise_id}")


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def keras64(keras):
    """Keras with float64 as the default float type (so the learning-rate variable is float64)."""
    previous = keras.config.floatx()
    keras.config.set_floatx("float64")
    yield keras
    keras.config.set_floatx(previous)


# ---------------------------------------------------------------- 10. optimizers


def run_keras(keras, optimizer, params, grad_steps):
    """Apply ``grad_steps`` (a list of gradient dicts) with a Keras optimizer to float64
    variables; return the parameters after every step."""
    names = sorted(params)
    variables = [keras.Variable(params[name], dtype="float64", name=name) for name in names]
    history = []
    for grads in grad_steps:
        optimizer.apply_gradients(zip([grads[name] for name in names], variables))
        history.append({name: np.asarray(v) for name, v in zip(names, variables)})
    return history


def run_reference(function, params, grad_steps, **kwargs):
    state, history = None, []
    for grads in grad_steps:
        params, state = function(params, grads, state, **kwargs)
        history.append(params)
    return history


def optimizer_problem(seed):
    rng = np.random.default_rng(seed)
    params = {"W": rng.normal(size=(3, 5)), "b": rng.normal(size=5), "k": rng.normal(size=(2, 1, 4))}
    steps = [{name: rng.normal(scale=scale, size=p.shape) for name, p in params.items()}
             for scale in (1.0, 1e-3, 10.0, 0.1, 1e-4, 1.0, 0.0)]
    return params, steps


# Keras 3 casts Python floats such as beta_1=0.9 through float32 before using them in float64
# (ops.cast(0.9, "float64") == 0.8999999761581421), so hyperparameters that are exact in float32
# give bit-for-bit comparable runs; with Keras' defaults the difference is about 1e-6 relative.
EXACT_CASES = [
    ("sgd", "SGD", {"learning_rate": 0.0625, "momentum": 0.875}, {"learning_rate": 0.0625, "momentum": 0.875}),
    ("sgd", "SGD", {"learning_rate": 0.25}, {"learning_rate": 0.25}),
    ("rmsprop", "RMSprop", {"learning_rate": 0.03125, "rho": 0.75, "epsilon": 1e-6},
     {"learning_rate": 0.03125, "rho": 0.75, "epsilon": 1e-6}),
    ("adam", "Adam", {"learning_rate": 0.0625, "beta_1": 0.875, "beta_2": 0.998046875, "epsilon": 1e-6},
     {"learning_rate": 0.0625, "beta_1": 0.875, "beta_2": 0.998046875, "epsilon": 1e-6}),
]


@pytest.mark.tensorflow
@pytest.mark.parametrize("function, keras_name, ours, theirs", EXACT_CASES,
                         ids=["sgd-momentum", "sgd-plain", "rmsprop", "adam"])
def test_optimizer_steps_match_keras_exactly(keras64, function, keras_name, ours, theirs):
    ref = reference("optimizers")
    params, steps = optimizer_problem(10)
    expected = run_keras(keras64, getattr(keras64.optimizers, keras_name)(**theirs), params, steps)
    got = run_reference(getattr(ref, function), params, steps, **ours)
    for k, (e, g) in enumerate(zip(expected, got), 1):
        for name in params:
            assert g[name].shape == params[name].shape
            assert rel_error(e[name], g[name]) < 1e-12, f"step {k}, {name}"


@pytest.mark.tensorflow
@pytest.mark.parametrize("function, keras_name, keras_kwargs", [
    ("sgd", "SGD", {}),
    ("sgd", "SGD", {"momentum": 0.9}),
    ("rmsprop", "RMSprop", {}),
    ("adam", "Adam", {}),
], ids=["sgd", "sgd-momentum-0.9", "rmsprop", "adam"])
def test_optimizer_defaults_are_keras_defaults(keras64, function, keras_name, keras_kwargs):
    ref = reference("optimizers")
    params, steps = optimizer_problem(11)
    expected = run_keras(keras64, getattr(keras64.optimizers, keras_name)(**keras_kwargs), params, steps)
    got = run_reference(getattr(ref, function), params, steps, **keras_kwargs)
    for e, g in zip(expected, got):
        for name in params:
            assert rel_error(e[name], g[name]) < 1e-5  # only the float32 rounding of β, momentum


def test_optimizer_state_is_plain_data_and_inputs_are_untouched():
    from tutor.sandbox import wire

    ref = reference("optimizers")
    params, steps = optimizer_problem(12)
    before = {k: v.copy() for k, v in params.items()}
    for function in (ref.sgd, ref.rmsprop, ref.adam):
        state = None
        for grads in steps[:3]:
            new, state = function(params, grads, state)
            assert wire.decode(wire.encode(state)).keys() == state.keys()
        assert all(np.array_equal(before[k], params[k]) for k in params)


# ---------------------------------------------------------------- 11. dropout


@pytest.mark.tensorflow
def test_dropout_scaling_and_inference_match_keras_dropout(tf, keras):
    ref = reference("dropout")
    rng = np.random.default_rng(13)
    x = rng.normal(size=(64, 50)) + 3.0  # no zeros
    for rate in (0.2, 0.5, 0.8):
        layer = keras.layers.Dropout(rate, seed=3, dtype="float64")
        kept = np.asarray(layer(x, training=True))
        survivors = kept != 0
        # Keras is inverted dropout too: kept values are x / (1 - rate), about `rate` of them dropped.
        assert rel_error(kept[survivors], x[survivors] / (1 - rate)) < 1e-12
        ours, cache = ref.dropout_forward(x, rate, seed=3)
        assert rel_error(ours[ours != 0], x[ours != 0] / (1 - rate)) < 1e-12
        for dropped in (1 - survivors.mean(), np.mean(ours == 0)):
            assert abs(dropped - rate) < 0.03
        assert np.array_equal(np.asarray(layer(x, training=False)), x)
        out, cache = ref.dropout_forward(x, rate, training=False, seed=3)
        assert np.array_equal(out, x)
        dout = rng.normal(size=x.shape)
        assert np.array_equal(ref.dropout_backward(dout, cache), dout)


@pytest.mark.tensorflow
def test_dropout_backward_matches_gradient_tape(tf):
    ref = reference("dropout")
    rng = np.random.default_rng(14)
    for shape, rate, seed in [((1, 7), 0.3, 0), ((4, 3, 5), 0.5, 9), ((2, 6, 5, 3), 0.8, 123)]:
        x, dout = rng.normal(size=shape), rng.normal(size=shape)
        out, cache = ref.dropout_forward(x, rate, seed=seed)
        keep = np.random.default_rng(seed).random(shape) >= rate  # the documented mask convention
        xt = tf.Variable(x)
        with tf.GradientTape() as tape:
            y = xt * tf.constant(keep, dtype=tf.float64) / (1 - rate)
            scalar = tf.reduce_sum(y * dout)
        assert rel_error(out, y.numpy()) < 1e-12
        assert rel_error(ref.dropout_backward(dout, cache), tape.gradient(scalar, xt).numpy()) < 1e-12


def test_dropout_keeps_the_expected_value():
    ref = reference("dropout")
    x = np.full((200, 500), 2.0)
    for rate in (0.1, 0.5, 0.9):
        out, _ = ref.dropout_forward(x, rate, seed=5)
        assert abs(out.mean() - 2.0) < 0.05


# ---------------------------------------------------------------- 12. train_from_scratch


@pytest.mark.slow
def test_reference_training_reaches_the_targets_over_several_seeds():
    ref, checks = reference("train_from_scratch"), checks_module("train_from_scratch")
    for make, spec in ((checks.moons, checks.MOONS), (checks.spiral, checks.SPIRAL)):
        scores = []
        for seed in range(6):
            rng = np.random.default_rng([2024, seed])
            x_train, y_train, x_test, y_test = checks.split(make, rng, spec)
            params = ref.train_two_layer_net(x_train, y_train, spec["classes"], hidden=checks.HIDDEN, seed=seed)
            scores.append(checks.accuracy(params, x_test, y_test))
        assert min(scores) >= spec["target"] + 0.015, (spec["name"], scores)


@pytest.mark.tensorflow
def test_graders_forward_pass_is_a_keras_dense_relu_network(keras):
    checks = checks_module("train_from_scratch")
    rng = np.random.default_rng(15)
    params = {"W1": rng.normal(size=(2, 6)), "b1": rng.normal(size=6),
              "W2": rng.normal(size=(6, 3)), "b2": rng.normal(size=3)}
    model = keras.Sequential([keras.Input((2,), dtype="float64"),
                              keras.layers.Dense(6, activation="relu", dtype="float64"),
                              keras.layers.Dense(3, dtype="float64")])
    model.layers[0].set_weights([params["W1"], params["b1"]])
    model.layers[1].set_weights([params["W2"], params["b2"]])
    x, _ = checks.spiral(rng, 50)
    assert rel_error(checks.scores(params, x), np.asarray(model(x))) < 1e-12


@pytest.mark.tensorflow
def test_reference_training_gradients_match_gradient_tape(tf):
    ref = reference("train_from_scratch")
    rng = np.random.default_rng(16)
    x, y = rng.normal(size=(5, 2)), rng.integers(0, 3, size=5)
    params = ref.init_params(2, 4, 3, rng)
    params["b1"], params["b2"] = rng.normal(size=4), rng.normal(size=3)
    variables = {k: tf.Variable(v) for k, v in params.items()}
    with tf.GradientTape() as tape:
        hidden = tf.nn.relu(x @ variables["W1"] + variables["b1"])
        scores = hidden @ variables["W2"] + variables["b2"]
        loss = (tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, scores))
                + 0.5 * 1e-3 * (tf.reduce_sum(variables["W1"] ** 2) + tf.reduce_sum(variables["W2"] ** 2)))
    expected = tape.gradient(loss, variables)
    got_loss, got = ref.loss_and_grads(params, x, y, 1e-3)
    assert rel_error(got_loss, loss.numpy()) < 1e-12
    for key in params:
        assert rel_error(got[key], expected[key].numpy()) < 1e-10, key


def test_data_sets_are_deterministic_and_balanced():
    checks = checks_module("train_from_scratch")
    for make, classes in ((checks.moons, 2), (checks.spiral, 3)):
        a = make(np.random.default_rng(1), 600)
        b = make(np.random.default_rng(1), 600)
        assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
        assert a[0].shape == (600, 2) and set(np.unique(a[1])) == set(range(classes))
        assert np.min(np.bincount(a[1])) > 600 / classes * 0.8


def test_training_diagnoses_name_the_mistake():
    checks = checks_module("train_from_scratch")
    rng = np.random.default_rng(17)
    x, y = checks.moons(rng, 100)
    zero = {"W1": np.zeros((2, 8)), "b1": np.zeros(8), "W2": np.zeros((8, 2)), "b2": np.array([0.1, -0.1])}
    assert checks.diagnose(zero, x, y, 2).startswith("Zero initialisation")
    uphill = {"W1": rng.normal(size=(2, 8)), "b1": rng.normal(size=8), "W2": 50 * rng.normal(size=(8, 2)),
              "b2": np.zeros(2)}
    wrong = np.argmin(checks.scores(uphill, x), axis=1)  # confidently wrong on every point
    assert "uphill" in checks.diagnose(uphill, x, wrong, 2)
    no_bias = {"W1": rng.normal(size=(2, 8)), "b1": np.zeros(8), "W2": rng.normal(size=(8, 2)), "b2": np.zeros(2)}
    assert "never updated" in checks.diagnose(no_bias, x, y, 2)
