"""Reference solution: batch normalization in training mode, forward and backward."""

import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=0)
    var = x.var(axis=0)                      # the biased variance (divide by N), as Keras in training
    inv_std = 1.0 / np.sqrt(var + eps)       # eps inside the root
    x_hat = (x - mean) * inv_std
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, inv_std)
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    # Every x moves the batch mean and variance too: the two sums are those paths.
    dx = inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    return dx, dgamma, dbeta
