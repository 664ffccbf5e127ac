"""Stable softmax: shift by the max first so exp cannot overflow."""

import numpy as np


def softmax(z, axis=-1):
    z = np.array(z, dtype=np.float64)
    z = z - z.max()
    num = np.exp(z)
    den = num.sum(axis=axis, keepdims=True)
    return num / den
