"""Softmax, one row at a time so I can see what happens."""

import numpy as np


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    if axis == 0:
        return softmax(z.T).T
    n_rows, n_cols = z.shape
    out = np.zeros((n_rows, n_cols))
    for r in range(n_rows):
        row = z[r] - np.max(z[r])
        out[r] = np.exp(row) / np.sum(np.exp(row))
    return out
