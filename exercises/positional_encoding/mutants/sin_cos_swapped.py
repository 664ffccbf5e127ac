import numpy as np


def positional_encoding(T, D):
    positions = np.arange(T)[:, None]
    two_i = np.arange(0, D, 2)[None, :]
    angles = positions / 10000.0 ** (two_i / D)
    pe = np.zeros((T, D))
    pe[:, 0::2] = np.cos(angles)
    pe[:, 1::2] = np.sin(angles)
    return pe
