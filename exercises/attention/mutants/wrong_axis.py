import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -1e9)
    scores = scores - scores.max(axis=-2, keepdims=True)
    weights = np.exp(scores) / np.exp(scores).sum(axis=-2, keepdims=True)
    return weights @ v, weights
