"""Dropout as in the original paper: drop while training, scale at test time."""

import numpy as np


def dropout_forward(x, rate, training=True, seed=0):
    if not (0 <= rate < 1):
        raise ValueError(f"invalid rate {rate}")
    p_keep = 1.0 - rate
    if training:
        keep = np.random.default_rng(seed).random(x.shape) >= rate
        return x * keep, keep
    return x * p_keep, None


def dropout_backward(dout, cache):
    if cache is None:
        return np.array(dout, dtype=float)
    return dout * cache
