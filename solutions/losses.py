"""Reference solution: mean squared error, binary and categorical cross-entropy (batch means)."""

import numpy as np


def mse(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    return float(np.mean((y_pred - y_true) ** 2))


def binary_cross_entropy(p, y, eps=1e-12):
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    y = np.asarray(y, dtype=np.float64)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


def categorical_cross_entropy(p, y, eps=1e-12):
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    y = np.asarray(y)
    n = p.shape[0]
    if y.ndim == p.ndim - 1:  # sparse integer labels, shape (N,)
        return float(-np.mean(np.log(p[np.arange(n), y.astype(np.int64)])))
    return float(-np.sum(y * np.log(p)) / n)
