"""Cross-entropy on top of a softmax."""

import numpy as np


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_cross_entropy(logits, y):
    n = len(y)
    p = softmax(logits)
    loss = -np.mean(np.log(p[np.arange(n), y]))
    grad = p.copy()
    grad[np.arange(n), y] -= 1.0
    grad /= n
    return float(loss), grad
