import numpy as np


def positional_encoding(T, D):
    positions = np.arange(1, T + 1)[:, None]
    two_i = np.arange(0, D, 2)[None, :]
    angles = positions / 10000.0 ** (two_i / D)
    pe = np.zeros((T, D))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe
