"""A correct dense solution whose cache is an object (not plain data): it stays in the sandbox."""

import numpy as np


class Cache:
    """Not plain data: it stays in the sandbox and comes back to dense_backward as itself."""

    def __init__(self, x_flat, shape, W):
        self.x_flat, self.shape, self.W = x_flat, shape, W


def dense_forward(x, W, b):
    x_flat = np.reshape(x, (len(x), np.prod(x.shape[1:], dtype=int)))
    out = np.einsum("nd,dm->nm", x_flat, W) + b[None, :]
    return out, Cache(x_flat, x.shape, W)


def dense_backward(dout, cache):
    dx = np.tensordot(dout, cache.W, axes=([1], [1])).reshape(cache.shape)
    dW = np.einsum("nd,nm->dm", cache.x_flat, dout)
    db = np.ones(len(dout)) @ dout
    return dx, dW, db
