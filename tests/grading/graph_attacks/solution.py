"""The attack course's reference: every function is the honest neuron, every layer additive attention."""

import keras
import tensorflow as tf


def _neuron(x, w, b):
    return tf.sigmoid(tf.matmul(x, w) + b)


honest = with_a_loop = py_func = reads_a_file = numpy_step = loop_hides_py_func = two_faced = stops_w = _neuron


class AdditiveAttention(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, query_shape, values_shape):
        self.W1 = self.add_weight(shape=(query_shape[-1], self.units), name="W1")
        self.W2 = self.add_weight(shape=(values_shape[-1], self.units), name="W2")
        self.v = self.add_weight(shape=(self.units, 1), name="v")

    def call(self, query, values, mask=None):
        q = tf.expand_dims(tf.matmul(query, self.W1), 1)
        scores = tf.squeeze(tf.matmul(tf.tanh(q + tf.matmul(values, self.W2)), self.v), -1)
        weights = tf.nn.softmax(scores, axis=1)
        return tf.reduce_sum(weights[:, :, None] * values, axis=1), weights


HonestAttention = TwoFacedAttention = AdditiveAttention
