"""Reference solution: inverted dropout with a seeded mask, identity at inference, and its backward
pass. ``rate`` is the fraction of units DROPPED, as in keras.layers.Dropout."""

import numpy as np


def dropout_forward(x, rate, training=True, seed=0):
    x = np.asarray(x, dtype=np.float64)
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"rate must be in [0, 1), got {rate!r}")
    if not training:
        return x.copy(), None
    keep = np.random.default_rng(seed).random(x.shape) >= rate
    out = np.where(keep, x / (1.0 - rate), 0.0)   # np.where: a dropped entry is 0.0, never -0.0
    return out, (keep, rate)


def dropout_backward(dout, cache):
    if cache is None:                              # the forward pass ran at inference: out = x
        return np.array(dout, dtype=np.float64)
    keep, rate = cache
    return np.where(keep, dout / (1.0 - rate), 0.0)
