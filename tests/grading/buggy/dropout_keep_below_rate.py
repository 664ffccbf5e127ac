"""Inverted dropout."""

import numpy as np


def dropout_forward(x, rate, training=True, seed=0):
    if rate < 0.0 or rate >= 1.0:
        raise ValueError("rate out of range")
    if not training:
        return np.array(x, dtype=float), None
    u = np.random.default_rng(seed).random(x.shape)
    keep = u < rate
    return np.where(keep, x / (1 - rate), 0.0), (keep, rate)


def dropout_backward(dout, cache):
    if cache is None:
        return np.array(dout, dtype=float)
    keep, rate = cache
    return np.where(keep, dout / (1 - rate), 0.0)
