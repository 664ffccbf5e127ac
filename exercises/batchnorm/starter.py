"""Batch normalization in training mode: normalize each feature over the batch, then scale and shift."""

import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """Return (out, cache).

    x: shape (N, D), a batch of N samples with D features. gamma, beta: shape (D,).
    Each feature is normalized with its mean and its biased variance (divide by N) over the batch:
    x̂ = (x − mean) / sqrt(var + eps), out = gamma * x̂ + beta, shape (N, D).
    cache: whatever batchnorm_backward will need.
    """
    # TODO: the mean and the variance of each feature over the batch (axis 0)
    # TODO: x̂ = (x - mean) / sqrt(var + eps)
    # TODO: out = gamma * x̂ + beta; return out and a cache
    raise NotImplementedError("write batchnorm_forward()")


def batchnorm_backward(dout, cache):
    """Return (dx, dgamma, dbeta).

    dout: the upstream gradient dL/dout, shape (N, D); cache: what your batchnorm_forward returned.
    dx has shape (N, D); dgamma and dbeta have shape (D,).
    """
    # TODO: dbeta and dgamma, summed over the batch
    # TODO: dx, through x̂ and through the batch mean and variance
    raise NotImplementedError("write batchnorm_backward()")
