"""A differently written correct solution of the softmax_ce exercise (it must pass)."""

import numpy as np


def softmax_cross_entropy(logits, y):
    n, k = logits.shape
    one_hot = np.eye(k)[y]
    log_z = np.logaddexp.reduce(logits, axis=1)
    loss = np.sum(log_z - np.sum(one_hot * logits, axis=1)) / n
    probs = np.exp(logits - log_z[:, None])
    return loss, (probs - one_hot) / n
