"""Loss functions: mean squared error, binary and categorical cross-entropy (batch means)."""

import numpy as np


def mse(y_pred, y_true):
    """Return the mean squared error: the mean of (y_pred - y_true)² over every element.

    y_pred, y_true: arrays of the same shape, e.g. (N,) or (N, K). No ½ factor (like Keras).
    Returns one number.
    """
    # TODO: square the differences, then average them
    raise NotImplementedError("write mse()")


def binary_cross_entropy(p, y, eps=1e-12):
    """Return the binary cross-entropy, averaged over every element.

    p: predicted probabilities in [0, 1]; y: targets, 0 or 1; same shape, (N,) or (N, K).
    Clip p to [eps, 1 - eps] first, so that p = 0 or p = 1 gives a finite loss.
    Returns one number.
    """
    # TODO: clip p to [eps, 1 - eps]
    # TODO: average -(y·log p + (1 - y)·log(1 - p))
    raise NotImplementedError("write binary_cross_entropy()")


def categorical_cross_entropy(p, y, eps=1e-12):
    """Return the categorical cross-entropy, averaged over the batch.

    p: predicted probabilities of shape (N, K), each row summing to 1.
    y: either one-hot targets of shape (N, K), or integer class labels of shape (N,).
    Clip p to [eps, 1 - eps] first. Returns one number.
    """
    # TODO: clip p to [eps, 1 - eps]
    # TODO: if y has shape (N,), pick p[i, y[i]] for each row i
    # TODO: otherwise sum y·log p over the classes
    # TODO: return minus the mean over the N samples
    raise NotImplementedError("write categorical_cross_entropy()")
