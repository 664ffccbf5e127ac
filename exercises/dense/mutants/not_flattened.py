import numpy as np


def dense_forward(x, W, b):
    out = x @ W + b
    return out, (x, W, b)


def dense_backward(dout, cache):
    x, W, b = cache
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dW, db
