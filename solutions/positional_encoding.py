"""Reference solution: the sinusoidal positional encoding of "Attention Is All You Need"."""

import numpy as np


def positional_encoding(T, D):
    positions = np.arange(T)[:, None]                     # (T, 1)
    two_i = np.arange(0, D, 2)[None, :]                   # 2i = 0, 2, 4, …: one frequency per pair of columns
    angles = positions / 10000.0 ** (two_i / D)           # (T, D/2)
    pe = np.zeros((T, D))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe
