"""A differently written correct solution of the losses exercise (it must pass)."""

import numpy as np


def mse(y_pred, y_true):
    d = np.ravel(y_pred) - np.ravel(y_true)
    return d @ d / d.size


def binary_cross_entropy(p, y, eps=1e-12):
    p = np.minimum(np.maximum(p, eps), 1 - eps)
    per_element = np.where(y == 1, -np.log(p), -np.log1p(-p))
    return per_element.mean()


def categorical_cross_entropy(p, y, eps=1e-12):
    p = np.minimum(np.maximum(p, eps), 1 - eps)
    if y.ndim == 1:
        y = np.eye(p.shape[1])[y]
    total = 0.0
    for row_p, row_y in zip(p, y):
        total -= np.dot(row_y, np.log(row_p))
    return total / len(p)
