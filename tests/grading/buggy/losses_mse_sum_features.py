"""Losses, averaged over the samples in the batch."""

import numpy as np


def mse(y_pred, y_true):
    err = (np.asarray(y_pred) - np.asarray(y_true)) ** 2
    if err.ndim > 1:
        return float(np.mean(np.sum(err, axis=1)))
    return float(np.mean(err))


def binary_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def categorical_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    if y.ndim == 1:
        return float(-np.mean(np.log(p[np.arange(p.shape[0]), y])))
    return float(-np.mean(np.sum(y * np.log(p), axis=1)))
