"""The foundations references (neuron, activations, softmax) agree with TensorFlow, and a correct
solution written differently from the reference passes the exercise's checks with full points."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from tests.support import REPO
from tutor.grading.compare import rel_error

# Both sides compute in float64, but TensorFlow's formulas lose a few digits where ours do not: its
# sigmoid and tanh gradients are y(1 − y) and 1 − y² (cancellation for large |z|) and its elu is
# exp(z) − 1 (cancellation near 0, where the reference uses expm1). 1e-8 allows for that, ten
# times below the course's 1e-7 grading tolerance; float32 slips are caught by the dtype check.
TOLERANCE = 1e-8


def load_solution(exercise_id: str):
    """The reference solution module, imported from the repository's solutions/ folder."""
    path = REPO / "solutions" / f"{exercise_id}.py"
    spec = importlib.util.spec_from_file_location(f"reference_{exercise_id}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def edge_inputs(rng: np.random.Generator, shape=(3, 5)) -> np.ndarray:
    """Random values plus the edge cases every activation must survive: 0, ±30, ±1000."""
    z = rng.normal(scale=3.0, size=shape)
    z.flat[:7] = [0.0, 1000.0, -1000.0, 30.0, -30.0, 1e-9, -1e-9]
    return z



def assert_close(expected, got, what: str, tolerance: float = TOLERANCE):
    assert np.asarray(got).dtype == np.float64, f"{what}: dtype {np.asarray(got).dtype}, expected float64"
    expected, got = np.asarray(expected, dtype=np.float64), np.asarray(got, dtype=np.float64)
    assert got.shape == expected.shape, f"{what}: shape {got.shape}, TensorFlow {expected.shape}"
    assert np.all(np.isfinite(got)), f"{what}: not finite: {got}"
    assert rel_error(expected, got) <= tolerance, f"{what}: relative error {rel_error(expected, got):.1e}"


# ---------------------------------------------------------------- neuron


@pytest.mark.tensorflow
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_neuron_matches_tensorflow(tf, activation):
    neuron = load_solution("neuron").neuron
    tf_activation = {"sigmoid": tf.sigmoid, "tanh": tf.tanh, "relu": tf.nn.relu, "linear": tf.identity}[activation]
    rng = np.random.default_rng(1)
    for n, d in [(1, 3), (4, 2), (6, 5)]:
        x, w, b = rng.normal(size=(n, d)), rng.normal(size=d), float(rng.normal())
        x[0] *= 400.0  # one sample with a huge weighted sum
        expected = tf_activation(tf.matmul(tf.constant(x), tf.constant(w[:, None])) + b)[:, 0].numpy()
        assert_close(expected, neuron(x, w, b, activation=activation), f"neuron {activation} ({n}, {d})")
        single = tf_activation(tf.tensordot(tf.constant(x[-1]), tf.constant(w), axes=1) + b).numpy()
        assert_close(single, neuron(x[-1], w, b, activation=activation), f"neuron {activation} one sample")


# ---------------------------------------------------------------- activations


def tf_activations(tf):
    """name -> (TensorFlow function of (z, alpha), alphas to try); alpha is None where there is none."""
    import keras

    return {
        "sigmoid": (lambda z, alpha: tf.sigmoid(z), [None]),
        "tanh": (lambda z, alpha: tf.tanh(z), [None]),
        "relu": (lambda z, alpha: tf.nn.relu(z), [None]),
        # TensorFlow stores leaky_relu's alpha as float32: compare with float32-exact alphas
        "leaky_relu": (lambda z, alpha: tf.nn.leaky_relu(z, alpha=alpha), [float(np.float32(0.01)), 0.25, 0.5]),
        "elu": (lambda z, alpha: keras.activations.elu(z, alpha=alpha), [1.0, 0.5, 1.5]),
    }


@pytest.mark.tensorflow
@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "elu"])
def test_activation_and_derivative_match_tensorflow(tf, name):
    reference = load_solution("activations")
    tf_function, alphas = tf_activations(tf)[name]
    rng = np.random.default_rng(2)
    for shape in [(3, 5), (1, 7), (2, 3, 4)]:
        z = edge_inputs(rng, shape)
        dout = rng.normal(size=shape)  # a random upstream gradient, never all ones
        for alpha in alphas:
            kwargs = {} if alpha is None else {"alpha": alpha}
            tz = tf.constant(z)
            with tf.GradientTape() as tape:
                tape.watch(tz)
                out = tf_function(tz, alpha)
            slope = tape.gradient(out, tz, output_gradients=tf.constant(dout)).numpy()
            what = f"{name}{kwargs} on {shape}"
            assert_close(out.numpy(), getattr(reference, name)(z, **kwargs), what)
            assert_close(slope, dout * getattr(reference, name + "_grad")(z, **kwargs), what + " derivative")


@pytest.mark.tensorflow
def test_derivatives_at_the_kink_follow_tensorflow(tf):
    reference = load_solution("activations")
    for name, (tf_function, alphas) in tf_activations(tf).items():
        for alpha in alphas:
            tz = tf.constant([0.0], dtype=tf.float64)
            with tf.GradientTape() as tape:
                tape.watch(tz)
                out = tf_function(tz, alpha)
            kwargs = {} if alpha is None else {"alpha": alpha}
            expected = tape.gradient(out, tz).numpy()
            assert_close(expected, getattr(reference, name + "_grad")(np.array([0.0]), **kwargs),
                         f"{name}_grad(0){kwargs}")


# ---------------------------------------------------------------- softmax


@pytest.mark.tensorflow
@pytest.mark.parametrize(("shape", "axis"), [((5,), -1), ((1, 4), -1), ((3, 7), -1), ((3, 7), 0),
                                             ((2, 5, 3), 1), ((2, 5, 3), -1), ((4, 2, 3), 0)])
def test_softmax_matches_tensorflow(tf, shape, axis):
    softmax = load_solution("softmax").softmax
    rng = np.random.default_rng(3)
    for scale, shift in [(1.0, 0.0), (5.0, 1000.0), (5.0, -1000.0)]:
        z = rng.normal(scale=scale, size=shape) + shift
        got = softmax(z, axis=axis)
        assert_close(tf.nn.softmax(tf.constant(z), axis=axis).numpy(), got, f"softmax {shape} axis={axis}")
        assert np.allclose(got.sum(axis=axis), 1.0, rtol=0, atol=1e-12)


@pytest.mark.tensorflow
def test_softmax_rows_far_apart_match_tensorflow(tf):
    softmax = load_solution("softmax").softmax
    z = np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1002.0, -999.0], [0.5, -0.5, 2.0]])
    for axis in (-1, 0):
        assert_close(tf.nn.softmax(tf.constant(z), axis=axis).numpy(), softmax(z, axis=axis), f"axis={axis}")
