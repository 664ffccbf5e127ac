import numpy as np


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    inv_std = 1.0 / (np.sqrt(var) + eps)
    x_hat = (x - mean) * inv_std
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, inv_std)
    return out, cache


def layernorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    d = dout.shape[-1]
    leading = tuple(range(dout.ndim - 1))
    dbeta = dout.sum(axis=leading)
    dgamma = (dout * x_hat).sum(axis=leading)
    dx_hat = dout * gamma
    dx = inv_std / d * (d * dx_hat - dx_hat.sum(axis=-1, keepdims=True)
                        - x_hat * (dx_hat * x_hat).sum(axis=-1, keepdims=True))
    return dx, dgamma, dbeta
