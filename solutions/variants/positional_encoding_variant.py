"""A correct positional_encoding written differently: frequencies through exp and log, sin and cos interleaved
by stacking."""

import math

import numpy as np


def positional_encoding(T, D):
    frequencies = np.exp(-math.log(10000.0) * np.arange(0, D, 2) / D)
    angles = np.outer(np.arange(T, dtype=float), frequencies)
    return np.stack([np.sin(angles), np.cos(angles)], axis=-1).reshape(T, D)
