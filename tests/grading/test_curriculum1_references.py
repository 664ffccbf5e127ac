"""Curriculum I (exercises 4–9 of the foundations chapter): references agree with TensorFlow,
and a differently written correct solution of each exercise passes with full points."""

from __future__ import annotations

import numpy as np
import pytest

from tests.support import REPO
from tests.support.references import reference, rel_error

ROOT = REPO
EXERCISES = ["losses", "gradcheck", "dense", "mlp_forward", "softmax_ce", "two_layer_net"]


def softmax_rows(rng, n, k, scale=1.5):
    z = rng.normal(scale=scale, size=(n, k))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------- 4. losses


@pytest.mark.tensorflow
def test_losses_match_keras(keras):
    ref = reference("losses")
    rng = np.random.default_rng(4)
    for n, k in [(1, 3), (5, 2), (7, 4), (3, 6)]:
        y_pred, y_true = rng.normal(size=(n, k)), rng.normal(size=(n, k))
        expected = np.mean(keras.losses.mean_squared_error(y_true, y_pred))
        assert rel_error(ref.mse(y_pred, y_true), expected) < 1e-12

        p = rng.uniform(0.01, 0.99, size=(n, k))
        y = rng.integers(0, 2, size=(n, k)).astype(np.float64)
        expected = np.mean(keras.losses.binary_crossentropy(y, p))
        assert rel_error(ref.binary_cross_entropy(p, y), expected) < 1e-12

        p = softmax_rows(rng, n, k)
        labels = rng.integers(0, k, size=n)
        expected = np.mean(keras.losses.categorical_crossentropy(np.eye(k)[labels], p))
        assert rel_error(ref.categorical_cross_entropy(p, np.eye(k)[labels]), expected) < 1e-12
        expected = np.mean(keras.losses.sparse_categorical_crossentropy(labels, p))
        assert rel_error(ref.categorical_cross_entropy(p, labels), expected) < 1e-12


@pytest.mark.tensorflow
def test_loss_clipping_matches_keras_epsilon(keras):
    ref = reference("losses")
    eps = keras.config.epsilon()
    p = np.array([[0.0, 1.0, 0.3], [1.0, 0.0, 0.6]])
    y = np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 1.0]])
    expected = np.mean(keras.losses.binary_crossentropy(y, p))
    assert rel_error(ref.binary_cross_entropy(p, y, eps=eps), expected) < 1e-9
    p = np.array([[0.0, 0.5, 0.5], [0.2, 0.0, 0.8], [0.1, 0.6, 0.3]])
    labels = np.array([0, 1, 1])
    expected = np.mean(keras.losses.sparse_categorical_crossentropy(labels, p))
    # Keras renormalises the clipped rows (they sum to 1 + eps), which moves the loss by ~eps.
    assert rel_error(ref.categorical_cross_entropy(p, labels, eps=eps), expected) < 1e-7


# ---------------------------------------------------------------- 5. gradcheck


def test_rel_error_is_the_graders_formula():
    from tutor.grading.compare import rel_error as graders_rel_error

    ref = reference("gradcheck")
    rng = np.random.default_rng(5)
    for shape in [(3,), (2, 5), (1, 4)]:
        a = rng.normal(size=shape)
        b = a + rng.normal(scale=1e-3, size=shape)
        assert ref.rel_error(a, b) == graders_rel_error(a, b)
    assert ref.rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert ref.rel_error(np.array([1e-10]), np.array([0.0])) == pytest.approx(1e-2)


@pytest.mark.tensorflow
def test_numerical_gradient_matches_gradient_tape(tf):
    ref = reference("gradcheck")
    rng = np.random.default_rng(5)
    w = rng.normal(size=(4, 3))

    def numpy_f(x):  # log-sum-exp of a matrix product: every output depends on every input
        z = x @ w
        return np.log(np.sum(np.exp(z))) + np.sum(np.sin(x) * x)

    def tf_f(x):
        z = tf.matmul(x, tf.constant(w))
        return tf.reduce_logsumexp(z) + tf.reduce_sum(tf.sin(x) * x)

    for f_numpy, f_tf in [(numpy_f, tf_f), (ref.softmax_score,
                                             lambda x: tf.reduce_sum(tf.nn.softmax(tf.reshape(x, [-1]))
                                                                     * tf.cos(tf.range(tf.size(x), dtype=tf.float64))))]:
        x = rng.normal(size=(2, 4))
        before = x.copy()
        numeric = ref.numerical_gradient(f_numpy, x)
        assert np.array_equal(x, before), "numerical_gradient must restore x"
        xt = tf.Variable(x)
        with tf.GradientTape() as tape:
            y = f_tf(xt)
        exact = tape.gradient(y, xt).numpy()
        assert rel_error(numeric, exact) < 1e-7


# ---------------------------------------------------------------- 6. dense


@pytest.mark.tensorflow
def test_dense_matches_keras_dense_and_gradient_tape(tf, keras):
    ref = reference("dense")
    rng = np.random.default_rng(6)
    for shape, m in [((1, 5), 3), ((4, 2, 3), 2), ((3, 2, 3, 2), 5)]:
        x = rng.normal(size=shape)
        d = int(np.prod(shape[1:]))
        W, b = rng.normal(size=(d, m)), rng.normal(size=m)
        dout = rng.normal(size=(shape[0], m))
        out, cache = ref.dense_forward(x, W, b)

        layer = keras.layers.Dense(m, dtype="float64")
        layer.build((None, d))
        layer.set_weights([W, b])
        xt = tf.Variable(x)
        with tf.GradientTape() as tape:
            expected = layer(tf.reshape(xt, (shape[0], d)))
            scalar = tf.reduce_sum(expected * dout)
        assert rel_error(out, expected.numpy()) < 1e-12
        dx, dW, db = ref.dense_backward(dout, cache)
        tdx, tdW, tdb = tape.gradient(scalar, [xt, layer.kernel.value, layer.bias.value])
        assert dx.shape == x.shape
        assert rel_error(dx, tdx.numpy()) < 1e-12
        assert rel_error(dW, tdW.numpy()) < 1e-12
        assert rel_error(db, tdb.numpy()) < 1e-12


# ---------------------------------------------------------------- 7. mlp_forward


@pytest.mark.tensorflow
def test_mlp_forward_matches_a_keras_sequential_model(keras):
    ref = reference("mlp_forward")
    rng = np.random.default_rng(7)
    for sizes, activations in [([3, 5, 2], ["relu", "linear"]),
                               ([4, 6, 3, 5, 2], ["tanh", "relu", "sigmoid", "linear"]),
                               ([2, 3], ["sigmoid"])]:
        layers = [{"W": rng.normal(size=(a, b)), "b": rng.normal(size=b), "activation": act}
                  for a, b, act in zip(sizes, sizes[1:], activations)]
        model = keras.Sequential([keras.Input((sizes[0],), dtype="float64")]
                                 + [keras.layers.Dense(layer["b"].size, activation=layer["activation"],
                                                       dtype="float64") for layer in layers])
        for dense, layer in zip(model.layers, layers):
            dense.set_weights([layer["W"], layer["b"]])
        for n in (1, 4):
            x = rng.normal(size=(n, sizes[0]))
            expected = np.asarray(model(x))
            assert rel_error(ref.mlp_forward(x, layers), expected) < 1e-12


# ---------------------------------------------------------------- 8. softmax_ce


@pytest.mark.tensorflow
def test_softmax_cross_entropy_matches_tensorflow(tf, keras):
    ref = reference("softmax_ce")
    rng = np.random.default_rng(8)
    for n, k, scale in [(1, 3, 1.0), (5, 2, 3.0), (4, 7, 1.0), (3, 4, 1000.0)]:
        logits, labels = rng.normal(scale=scale, size=(n, k)), rng.integers(0, k, size=n)
        z = tf.Variable(logits)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, z))
        got_loss, got_grad = ref.softmax_cross_entropy(logits, labels)
        assert np.isfinite(got_loss) and np.all(np.isfinite(got_grad))
        assert rel_error(got_loss, loss.numpy()) < 1e-12
        assert rel_error(got_grad, tape.gradient(loss, z).numpy()) < 1e-10
        keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")(labels, logits)
        assert rel_error(got_loss, np.asarray(keras_loss)) < 1e-10


# ---------------------------------------------------------------- 9. two_layer_net


@pytest.mark.tensorflow
def test_two_layer_net_matches_gradient_tape(tf):
    ref = reference("two_layer_net")
    rng = np.random.default_rng(9)
    for n, d, h, k, reg in [(1, 3, 5, 2, 0.0), (4, 2, 6, 3, 0.1), (6, 5, 4, 3, 1.0)]:
        x, y = rng.normal(size=(n, d)), rng.integers(0, k, size=n)
        params = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
                  "W2": rng.normal(size=(h, k)), "b2": rng.normal(size=k)}
        variables = {key: tf.Variable(value) for key, value in params.items()}
        with tf.GradientTape() as tape:
            hidden = tf.nn.relu(tf.matmul(x, variables["W1"]) + variables["b1"])
            scores = tf.matmul(hidden, variables["W2"]) + variables["b2"]
            loss = (tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, scores))
                    + 0.5 * reg * (tf.reduce_sum(variables["W1"] ** 2) + tf.reduce_sum(variables["W2"] ** 2)))
        expected = tape.gradient(loss, variables)
        got_loss, got = ref.two_layer_loss(params, x, y, reg)
        assert sorted(got) == ["W1", "W2", "b1", "b2"]
        assert rel_error(got_loss, loss.numpy()) < 1e-12
        for key in params:
            assert got[key].shape == params[key].shape
            assert rel_error(got[key], expected[key].numpy()) < 1e-10, key
