import numpy as np


def dense_forward(x, W, b):
    out = x.reshape(x.shape[0], -1) @ W + b
    return out, (x, W, b)


def dense_backward(dout, cache):
    x, W, b = cache
    dx = (dout @ W).reshape(x.shape)
    dW = x.reshape(x.shape[0], -1).T @ dout
    db = dout.sum(axis=0)
    return dx, dW, db
