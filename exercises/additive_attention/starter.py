"""Additive (Bahdanau) attention as a Keras layer."""

import keras
import tensorflow as tf


class AdditiveAttention(keras.layers.Layer):
    """Additive attention: score_t = v · tanh(query @ W1 + values_t @ W2),
    weights = softmax of the scores over t, context = Σ_t weights_t · values_t.

    AdditiveAttention(units, **kwargs): pass kwargs (dtype=, name=) on to keras.layers.Layer.
    call(query, values, mask=None):
        query (batch, d_query), values (batch, T, d_value), mask (batch, T) boolean, True = attend.
        Returns (context, weights): context (batch, d_value), weights (batch, T).
    """

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, query_shape, values_shape):
        # TODO: with self.add_weight(shape=..., name=...), in THIS order and without biases:
        #       W1 (d_query, units), W2 (d_value, units), v (units, 1)
        #       (d_query is query_shape[-1], d_value is values_shape[-1])
        raise NotImplementedError("AdditiveAttention.build")

    def call(self, query, values, mask=None):
        # TODO: query @ W1 → (batch, units), given an axis for T → (batch, 1, units)
        # TODO: scores = tanh(that + values @ W2) @ v → (batch, T, 1), then drop the last axis → (batch, T)
        # TODO: if a mask is given, replace the masked scores (mask False) by -1e9
        # TODO: weights = softmax over the T axis; context = Σ over T of weights · values → (batch, d_value)
        raise NotImplementedError("AdditiveAttention.call")
