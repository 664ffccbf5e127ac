"""A differently written correct solution of additive_attention (it must pass): einsum, keras.ops,
a softmax written out, and the mask applied by broadcasting."""

import keras
import tensorflow as tf
from keras import ops


class AdditiveAttention(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)

    def build(self, query_shape, values_shape):
        shapes = {"W1": (query_shape[-1], self.units), "W2": (values_shape[-1], self.units),
                  "v": (self.units, 1)}
        for name, shape in shapes.items():
            setattr(self, name, self.add_weight(shape=shape, initializer="glorot_uniform", name=name))

    def call(self, query, values, mask=None):
        hidden = ops.tanh(tf.einsum("bq,qu->bu", query, self.W1)[:, None, :]
                          + tf.einsum("btv,vu->btu", values, self.W2))
        scores = tf.einsum("btu,u->bt", hidden, self.v[:, 0])
        if mask is not None:
            scores = ops.where(ops.cast(mask, "bool"), scores, ops.full_like(scores, -1e9))
        shifted = ops.exp(scores - ops.max(scores, axis=-1, keepdims=True))
        weights = shifted / ops.sum(shifted, axis=-1, keepdims=True)
        return tf.einsum("bt,btv->bv", weights, values), weights
