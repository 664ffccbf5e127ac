import numpy as np


def positional_encoding(T, D):
    positions = np.arange(T)[:, None]
    two_i = np.arange(0, D, 2)[None, :]
    angles = positions / 10000.0 ** (two_i / D)
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)
