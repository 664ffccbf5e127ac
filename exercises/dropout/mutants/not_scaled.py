import numpy as np


def dropout_forward(x, rate, training=True, seed=0):
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"rate must be in [0, 1), got {rate!r}")
    if not training:
        return x.copy(), None
    keep = np.random.default_rng(seed).random(x.shape) >= rate
    return x * keep, keep


def dropout_backward(dout, cache):
    if cache is None:
        return dout.copy()
    return dout * cache
