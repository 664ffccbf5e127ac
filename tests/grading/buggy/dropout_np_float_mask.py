"""Inverted dropout with a reproducible mask."""

import numpy as np


def dropout_forward(x, rate, training=True, seed=0):
    if rate < 0 or rate >= 1:
        raise ValueError("rate must be in [0, 1)")
    if not training:
        return x, None
    rng = np.random.default_rng(seed)
    mask = (rng.random(x.shape) >= rate).astype(np.float) / (1 - rate)
    return x * mask, mask


def dropout_backward(dout, cache):
    if cache is None:
        return dout
    return dout * cache
