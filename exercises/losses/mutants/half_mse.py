import numpy as np


def mse(y_pred, y_true):
    return 0.5 * np.mean((y_pred - y_true) ** 2)


def binary_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def categorical_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    if y.ndim == 1:
        return -np.mean(np.log(p[np.arange(len(y)), y]))
    return -np.sum(y * np.log(p)) / len(p)
