import numpy as np


def positional_encoding(T, D):
    positions = np.arange(T)[:, None]
    i = np.arange(D // 2)[None, :]
    angles = positions / 10000.0 ** (i / D)
    pe = np.zeros((T, D))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe
