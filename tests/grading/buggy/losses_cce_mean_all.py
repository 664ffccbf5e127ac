"""Batch-mean losses."""

import numpy as np


def mse(y_pred, y_true):
    return float(np.mean((y_pred - y_true) ** 2))


def binary_cross_entropy(p, y, eps=1e-12):
    q = np.clip(p, eps, 1.0 - eps)
    return float(np.mean(-(y * np.log(q) + (1.0 - y) * np.log(1.0 - q))))


def one_hot(labels, k):
    m = np.zeros((len(labels), k))
    m[np.arange(len(labels)), labels] = 1.0
    return m


def categorical_cross_entropy(p, y, eps=1e-12):
    q = np.clip(p, eps, 1.0 - eps)
    if y.ndim == 1:
        y = one_hot(y, q.shape[1])
    return float(np.mean(-y * np.log(q)))
