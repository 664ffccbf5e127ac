import numpy as np


def positional_encoding(T, D):
    positions = np.arange(T)[:, None]
    columns = np.arange(D)[None, :]
    angles = positions / 10000.0 ** (columns / D)
    pe = np.zeros((T, D))
    pe[:, 0::2] = np.sin(angles[:, 0::2])
    pe[:, 1::2] = np.cos(angles[:, 1::2])
    return pe
