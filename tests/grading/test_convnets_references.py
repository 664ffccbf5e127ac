"""Curriculum I, exercises 13–15 (the convnets chapter): the references agree with TensorFlow
(`tf.nn.conv2d`, `tf.nn.max_pool2d`, `tf.GradientTape`), and a differently written correct solution
of each exercise passes with full points."""

from __future__ import annotations

import numpy as np
import pytest

from tests.support import REPO
from tests.support.references import reference, rel_error

ROOT = REPO
EXERCISES = ["conv_forward", "conv_backward", "maxpool"]

# (N, H, W, C_in), (KH, KW, C_in, C_out), stride, pad: H ≠ W, KH ≠ KW, C_in ≠ C_out, a batch of 1
CONV_CASES = [
    ((1, 5, 7, 2), (3, 3, 2, 4), 1, 0),
    ((2, 6, 5, 3), (2, 3, 3, 2), 2, 1),
    ((1, 7, 4, 1), (3, 2, 1, 3), 2, 0),
    ((3, 5, 6, 2), (3, 3, 2, 1), 1, 2),
    ((2, 8, 5, 3), (4, 3, 3, 2), 3, 1),
    ((1, 4, 3, 2), (1, 1, 2, 3), 2, 0),
]
# (N, H, W, C), pool, stride
POOL_CASES = [((1, 4, 6, 2), 2, 2), ((2, 7, 5, 3), 3, 2), ((3, 5, 4, 1), 2, 1), ((1, 6, 9, 2), 3, 3),
              ((2, 5, 7, 1), 2, 3)]


def distinct(rng, shape):
    """Inputs without ties, so every pooling window has one argmax."""
    size = int(np.prod(shape))
    return ((rng.permutation(size) - size / 2) * 0.25 + rng.uniform(-0.05, 0.05, size)).reshape(shape)


# ---------------------------------------------------------------- 13. conv_forward


def test_conv_output_size_formula():
    ref = reference("conv_forward")
    rng = np.random.default_rng(13)
    for x_shape, w_shape, stride, pad in CONV_CASES:
        out, _ = ref.conv2d_forward(rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=w_shape[3]),
                                    stride=stride, pad=pad)
        n, h, w, _ = x_shape
        kh, kw, _, c_out = w_shape
        assert out.shape == (n, (h + 2 * pad - kh) // stride + 1, (w + 2 * pad - kw) // stride + 1, c_out)


@pytest.mark.tensorflow
def test_conv_forward_matches_tf_conv2d(tf):
    ref = reference("conv_forward")
    rng = np.random.default_rng(13)
    for x_shape, w_shape, stride, pad in CONV_CASES:
        x, w, b = rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=w_shape[3])
        out, _ = ref.conv2d_forward(x, w, b, stride=stride, pad=pad)
        explicit = tf.nn.conv2d(x, w, strides=stride, padding=[[0, 0], [pad, pad], [pad, pad], [0, 0]]) + b
        assert out.shape == tuple(explicit.shape)
        assert rel_error(out, explicit.numpy()) < 1e-12
        # the same with the zero padding done by hand and a VALID convolution
        x_pad = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
        valid = tf.nn.bias_add(tf.nn.conv2d(x_pad, w, strides=[1, stride, stride, 1], padding="VALID"), b)
        assert rel_error(out, valid.numpy()) < 1e-12


@pytest.mark.tensorflow
def test_conv_forward_matches_a_keras_conv2d_layer(keras):
    ref = reference("conv_forward")
    rng = np.random.default_rng(131)
    x, w, b = rng.normal(size=(2, 7, 5, 3)), rng.normal(size=(3, 2, 3, 4)), rng.normal(size=4)
    layer = keras.layers.Conv2D(4, (3, 2), strides=2, padding="valid", dtype="float64")
    layer.build((None, 7, 5, 3))
    layer.set_weights([w, b])
    out, _ = ref.conv2d_forward(x, w, b, stride=2)
    assert rel_error(out, np.asarray(layer(x))) < 1e-12


# ---------------------------------------------------------------- 14. conv_backward


@pytest.mark.tensorflow
def test_conv_backward_matches_gradient_tape(tf):
    ref = reference("conv_backward")
    rng = np.random.default_rng(14)
    for x_shape, w_shape, stride, pad in CONV_CASES:
        x, w, b = rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=w_shape[3])
        out, cache = ref.conv2d_forward(x, w, b, stride=stride, pad=pad)
        dout = rng.normal(size=out.shape)
        xt, wt, bt = tf.Variable(x), tf.Variable(w), tf.Variable(b)
        with tf.GradientTape() as tape:
            y = tf.nn.conv2d(xt, wt, strides=stride, padding=[[0, 0], [pad, pad], [pad, pad], [0, 0]]) + bt
            scalar = tf.reduce_sum(y * dout)
        tdx, tdw, tdb = tape.gradient(scalar, [xt, wt, bt])
        dx, dw, db = ref.conv2d_backward(dout, cache)
        assert (dx.shape, dw.shape, db.shape) == (x.shape, w.shape, b.shape)
        assert rel_error(dx, tdx.numpy()) < 1e-10
        assert rel_error(dw, tdw.numpy()) < 1e-10
        assert rel_error(db, tdb.numpy()) < 1e-10


# ---------------------------------------------------------------- 15. maxpool


@pytest.mark.tensorflow
def test_maxpool_matches_tf_max_pool2d_and_gradient_tape(tf):
    ref = reference("maxpool")
    rng = np.random.default_rng(15)
    for shape, pool, stride in POOL_CASES:
        x = distinct(rng, shape)
        out, cache = ref.maxpool_forward(x, pool=pool, stride=stride)
        xt = tf.Variable(x)
        with tf.GradientTape() as tape:
            y = tf.nn.max_pool2d(xt, ksize=pool, strides=stride, padding="VALID")
            dout = rng.normal(size=tuple(y.shape))
            scalar = tf.reduce_sum(y * dout)
        assert out.shape == tuple(y.shape)
        assert rel_error(out, y.numpy()) == 0.0
        dx = ref.maxpool_backward(dout, cache)
        assert dx.shape == x.shape
        assert rel_error(dx, tape.gradient(scalar, xt).numpy()) < 1e-12


def test_maxpool_defaults_and_argmax_only():
    ref = reference("maxpool")
    x = np.array([[1.0, 3.0, 2.0, 1.0], [8.0, 2.0, 0.0, 4.0],
                  [5.0, 6.0, 1.0, 2.0], [7.0, 0.0, 3.0, 9.0]]).reshape(1, 4, 4, 1)
    out, cache = ref.maxpool_forward(x)
    assert out.reshape(2, 2).tolist() == [[8.0, 4.0], [7.0, 9.0]]
    dx = ref.maxpool_backward(np.array([1.0, 2.0, 3.0, 4.0]).reshape(1, 2, 2, 1), cache)
    assert dx.reshape(4, 4).tolist() == [[0, 0, 0, 0], [1, 0, 0, 2], [0, 0, 0, 0], [3, 0, 0, 4]]
