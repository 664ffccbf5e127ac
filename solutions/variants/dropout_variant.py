"""A differently written correct solution of the dropout exercise (it must pass): the cache is a
tuple (mask, rate, training) and the backward pass uses np.where."""

import numpy as np


def dropout_forward(x, rate, training=True, seed=0):
    if rate < 0 or rate >= 1:
        raise ValueError("rate must satisfy 0 <= rate < 1")
    if not training:
        return np.array(x, dtype=float), (None, rate, False)
    draws = np.random.default_rng(seed).random(np.shape(x))
    mask = ~(draws < rate)
    return np.where(mask, x / (1 - rate), 0.0), (mask, rate, True)


def dropout_backward(dout, cache):
    mask, rate, training = cache
    if not training:
        return np.array(dout, dtype=float)
    return np.where(mask, dout / (1 - rate), 0.0)
