"""Softmax loss, vectorised (no loops)."""

import numpy as np


def softmax_cross_entropy(logits, y):
    N = logits.shape[0]
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    probs = np.exp(log_probs)
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    return loss, dx
