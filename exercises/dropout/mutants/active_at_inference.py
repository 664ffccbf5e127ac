import numpy as np


def dropout_forward(x, rate, training=True, seed=0):
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"rate must be in [0, 1), got {rate!r}")
    keep = np.random.default_rng(seed).random(x.shape) >= rate
    scale = keep / (1.0 - rate)
    return x * scale, scale


def dropout_backward(dout, cache):
    return dout * cache
