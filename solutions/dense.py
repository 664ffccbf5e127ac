"""Reference solution: a dense (fully connected, affine) layer, forward and backward."""

import numpy as np


def dense_forward(x, W, b):
    x = np.asarray(x, dtype=np.float64)
    out = x.reshape(x.shape[0], -1) @ W + b
    cache = (x, W, b)
    return out, cache


def dense_backward(dout, cache):
    x, W, b = cache
    dx = (dout @ W.T).reshape(x.shape)
    dW = x.reshape(x.shape[0], -1).T @ dout
    db = dout.sum(axis=0)
    return dx, dW, db
