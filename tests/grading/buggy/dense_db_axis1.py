"""Affine layer forward and backward."""

import numpy as np


def dense_forward(x, W, b):
    N = x.shape[0]
    x_flat = x.reshape(N, -1)
    out = x_flat.dot(W) + b
    return out, (x, W, b)


def dense_backward(dout, cache):
    x, W, b = cache
    N = x.shape[0]
    dx = dout.dot(W.T).reshape(x.shape)
    dW = x.reshape(N, -1).T.dot(dout)
    db = np.sum(dout, axis=1)
    return dx, dW, db
