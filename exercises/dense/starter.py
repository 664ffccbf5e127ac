"""A dense (fully connected) layer: out = x @ W + b, forward and backward."""

import numpy as np


def dense_forward(x, W, b):
    """Return (out, cache) for a dense layer.

    x: shape (N, d1, ..., dk); each sample is flattened to D = d1·…·dk numbers.
    W: shape (D, M); b: shape (M,).
    out: shape (N, M), out = x_flat @ W + b.
    cache: whatever dense_backward will need (for example the tuple (x, W, b)).
    """
    # TODO: flatten x to shape (N, D) with reshape (keep N = x.shape[0])
    # TODO: out = x_flat @ W + b
    # TODO: return out and a cache
    raise NotImplementedError("write dense_forward()")


def dense_backward(dout, cache):
    """Return (dx, dW, db), the gradients of the loss with respect to x, W and b.

    dout: the upstream gradient dL/dout, shape (N, M); cache: what your dense_forward returned.
    dx has the shape of x (N, d1, ..., dk), dW the shape of W (D, M), db the shape of b (M,).
    """
    # TODO: unpack the cache
    # TODO: dx = dout @ W.T, reshaped back to x's shape
    # TODO: dW = x_flat.T @ dout
    # TODO: db = dout summed over the batch
    raise NotImplementedError("write dense_backward()")
