import keras
import tensorflow as tf


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
        scores = tf.squeeze(tf.matmul(q + tf.matmul(values, self.W2), self.v), -1)  # no tanh
        if mask is not None:
            scores = tf.where(mask, scores, tf.constant(-1e9, scores.dtype))
        weights = tf.nn.softmax(scores, axis=1)
        context = tf.reduce_sum(weights[:, :, None] * values, axis=1)
        return context, weights
