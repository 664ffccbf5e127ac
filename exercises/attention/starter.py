"""Scaled dot-product attention, with an optional boolean mask (True = attend)."""

import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    """Return (out, weights).

    q: shape (..., Tq, d_k); k: shape (..., Tk, d_k); v: shape (..., Tk, d_v). The leading axes
    (batch, heads, …) are the same for all three, or absent.
    mask: None, or a boolean array broadcastable to (..., Tq, Tk); True = this query may attend to
    this key (Keras' convention). Masked scores become -1e9 before the softmax.
    weights: shape (..., Tq, Tk), a softmax over the keys (the last axis); out = weights @ v,
    shape (..., Tq, d_v).
    """
    # TODO: scores = q @ k with its last two axes swapped, divided by sqrt(d_k)
    # TODO: if a mask is given, set the scores where it is False to -1e9 (np.where)
    # TODO: a stable softmax over the last axis (subtract the row maximum first)
    # TODO: return weights @ v and the weights
    raise NotImplementedError("write scaled_dot_product_attention()")
