"""Loss functions: MSE, binary and categorical cross-entropy."""

import numpy as np


def mse(y_pred, y_true):
    diff = np.asarray(y_pred) - np.asarray(y_true)
    return float(np.mean(diff * diff))


def binary_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    per_item = y * np.log(p) + (1 - y) * np.log(1 - p)
    return float(-per_item.mean())


def categorical_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    n = p.shape[0]
    if y.ndim == 1:
        labels = y.astype(np.int)
        return float(-np.log(p[range(n), labels]).sum() / n)
    return float(-(y * np.log(p)).sum() / n)
