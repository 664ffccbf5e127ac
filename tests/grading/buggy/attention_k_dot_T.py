"""Scaled dot-product attention."""

import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    dk = q.shape[-1]
    scores = np.matmul(q, k.T) / np.sqrt(dk)
    if mask is not None:
        scores = np.where(mask, scores, -1e9)
    scores -= np.max(scores, axis=-1, keepdims=True)
    w = np.exp(scores)
    w /= np.sum(w, axis=-1, keepdims=True)
    return np.matmul(w, v), w
