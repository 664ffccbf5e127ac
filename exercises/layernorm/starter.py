"""Layer normalization: normalize each row over its last axis, then scale and shift."""

import numpy as np


def layernorm_forward(x, gamma, beta, eps=1e-5):
    """Return (out, cache).

    x: shape (..., D), any number of leading axes (a batch (N, D), a sequence batch (N, T, D), …).
    gamma, beta: shape (D,). Each row x[..., :] is normalized with its own mean and biased variance
    (divide by D): x̂ = (x − mean) / sqrt(var + eps), out = gamma * x̂ + beta, the shape of x.
    cache: whatever layernorm_backward will need.
    """
    # TODO: the mean and the variance of each row over the last axis (keepdims=True)
    # TODO: x̂ = (x - mean) / sqrt(var + eps)
    # TODO: out = gamma * x̂ + beta; return out and a cache
    raise NotImplementedError("write layernorm_forward()")


def layernorm_backward(dout, cache):
    """Return (dx, dgamma, dbeta).

    dout: the upstream gradient, the shape of x; cache: what your layernorm_forward returned.
    dx has the shape of x; dgamma and dbeta have shape (D,), summed over every leading axis.
    """
    # TODO: dbeta and dgamma, summed over every axis but the last
    # TODO: dx, through x̂ and through each row's mean and variance
    raise NotImplementedError("write layernorm_backward()")
