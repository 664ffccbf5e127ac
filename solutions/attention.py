"""Reference solution: scaled dot-product attention with an optional boolean mask (True = attend)."""

import numpy as np


def softmax(z, axis=-1):
    z = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None):
    d_k = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d_k)       # (..., Tq, Tk)
    if mask is not None:
        # −1e9, not −inf: a fully masked row then gets uniform weights instead of NaN.
        scores = np.where(np.asarray(mask, dtype=bool), scores, -1e9)
    weights = softmax(scores, axis=-1)                       # each query's weights over the keys sum to 1
    return weights @ v, weights
