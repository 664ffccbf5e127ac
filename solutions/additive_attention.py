"""Reference solution: additive (Bahdanau) attention as a Keras layer, mask True = attend."""

import keras
import tensorflow as tf


class AdditiveAttention(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)  # passes dtype= and name= on to Keras
        self.units = units

    def build(self, query_shape, values_shape):
        # In this order, no biases: W1 (d_query, units), W2 (d_value, units), v (units, 1).
        self.W1 = self.add_weight(shape=(query_shape[-1], self.units), name="W1")
        self.W2 = self.add_weight(shape=(values_shape[-1], self.units), name="W2")
        self.v = self.add_weight(shape=(self.units, 1), name="v")

    def call(self, query, values, mask=None):
        q = tf.expand_dims(tf.matmul(query, self.W1), 1)         # (batch, 1, units): broadcast over T
        k = tf.matmul(values, self.W2)                            # (batch, T, units)
        scores = tf.squeeze(tf.matmul(tf.tanh(q + k), self.v), -1)  # (batch, T, 1) → (batch, T)
        if mask is not None:
            scores = tf.where(tf.cast(mask, tf.bool), scores, tf.constant(-1e9, scores.dtype))
        weights = tf.nn.softmax(scores, axis=1)                   # over the T time steps
        context = tf.reduce_sum(weights[:, :, None] * values, axis=1)  # (batch, d_value)
        return context, weights
