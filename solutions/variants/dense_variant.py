"""A differently written correct solution of the dense exercise (it must pass)."""

import numpy as np


def dense_forward(x, W, b):
    x_flat = np.reshape(x, (len(x), np.prod(x.shape[1:], dtype=int)))
    out = np.einsum("nd,dm->nm", x_flat, W) + b[None, :]
    return out, {"x_flat": x_flat, "shape": x.shape, "W": W}


def dense_backward(dout, cache):
    dx = np.tensordot(dout, cache["W"], axes=([1], [1])).reshape(cache["shape"])
    dW = np.einsum("nd,nm->dm", cache["x_flat"], dout)
    db = np.ones(len(dout)) @ dout
    return dx, dW, db
