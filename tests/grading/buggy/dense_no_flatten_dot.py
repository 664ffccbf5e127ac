"""Dense layer (fully connected)."""

import numpy as np


def dense_forward(x, W, b):
    out = np.dot(x, W) + b
    cache = (x, W, b)
    return out, cache


def dense_backward(dout, cache):
    x, W, b = cache
    x2 = x.reshape(x.shape[0], -1)
    dx = np.dot(dout, W.T).reshape(x.shape)
    dW = np.dot(x2.T, dout)
    db = np.sum(dout, axis=0)
    return dx, dW, db
