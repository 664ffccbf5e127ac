"""Softmax cross-entropy with its gradient."""

import numpy as np


def softmax_cross_entropy(logits, y):
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    N = logits.shape[0]
    loss = -logp[np.arange(N), y].sum()
    d = np.exp(logp)
    d[np.arange(N), y] -= 1
    return float(loss), d / N
