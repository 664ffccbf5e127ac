"""The attack course's learner file: two honest functions and a layer, and one attack per other name."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops


def honest(x, w, b):  # written differently from the reference
    return 1.0 / (1.0 + tf.exp(-(tf.einsum("nd,dk->nk", x, w) + b[None, :])))


def with_a_loop(x, w, b):  # a loop and a branch: library functions, checked and differentiated
    z = tf.while_loop(lambda i, acc: i < tf.shape(w)[0],
                      lambda i, acc: (i + 1, acc + x[:, i:i + 1] * w[i:i + 1, :]),
                      (0, tf.zeros_like(tf.matmul(x, w))))[1]
    return tf.cond(tf.reduce_all(tf.math.is_finite(z)), lambda: tf.sigmoid(z + b), lambda: tf.zeros_like(z))


def _numpy_neuron(x, w, b):
    return 1.0 / (1.0 + np.exp(-(np.asarray(x) @ np.asarray(w) + np.asarray(b))))


def py_func(x, w, b):
    return tf.py_function(lambda *a: _numpy_neuron(*(t.numpy() for t in a)), [x, w, b], tf.float64)


def reads_a_file(x, w, b):
    return tf.sigmoid(tf.matmul(x, w) + b) + 0.0 * tf.strings.to_number(tf.io.read_file("/etc/hostname"),
                                                                         tf.float64)


def numpy_step(x, w, b):
    z = np.dot(x, w) + b
    return tf.sigmoid(z)


def loop_hides_py_func(x, w, b):
    out = tf.sigmoid(tf.matmul(x, w) + b)
    body = lambda i, a: (i + 1, tf.ensure_shape(tf.numpy_function(lambda v: v, [a], tf.float64), a.shape))
    return tf.while_loop(lambda i, a: i < 1, body, (0, out))[1]


def two_faced(x, w, b):  # right when called directly, something else once traced
    if tf.executing_eagerly():
        return tf.sigmoid(tf.matmul(x, w) + b)
    return tf.sigmoid(tf.matmul(x, w))


def stops_w(x, w, b):
    return tf.sigmoid(tf.matmul(x, tf.stop_gradient(w)) + b)


class HonestAttention(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, query_shape, values_shape):
        self.W1 = self.add_weight(shape=(query_shape[-1], self.units), name="W1")
        self.W2 = self.add_weight(shape=(values_shape[-1], self.units), name="W2")
        self.v = self.add_weight(shape=(self.units, 1), name="v")

    def call(self, query, values, mask=None):
        hidden = tf.tanh(tf.einsum("bq,qu->bu", query, self.W1)[:, None, :] + values @ self.W2)
        weights = tf.nn.softmax(tf.einsum("btu,u->bt", hidden, self.v[:, 0]), axis=1)
        return tf.einsum("bt,btv->bv", weights, values), weights


class TwoFacedAttention(HonestAttention):
    def call(self, query, values, mask=None):
        context, weights = super().call(query, values, mask)
        if tf.executing_eagerly():
            return context, weights
        return context * 2.0, ops.ones_like(weights) / 5.0
