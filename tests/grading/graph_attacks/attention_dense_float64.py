"""A textbook Bahdanau layer whose Dense sublayers compute in float32 inside a float64 layer."""

import tensorflow as tf
import keras


class AdditiveAttention(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.W1 = keras.layers.Dense(units, use_bias=False)
        self.W2 = keras.layers.Dense(units, use_bias=False)
        self.V = keras.layers.Dense(1, use_bias=False)

    def call(self, query, values, mask=None):
        q = tf.expand_dims(query, 1)
        score = self.V(tf.nn.tanh(self.W1(q) + self.W2(values)))
        if mask is not None:
            score = tf.where(tf.expand_dims(mask, -1), score, -1e9)
        weights = tf.nn.softmax(score, axis=1)
        context = tf.reduce_sum(weights * values, axis=1)
        return context, tf.squeeze(weights, -1)
