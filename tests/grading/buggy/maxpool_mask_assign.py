"""Max pool forward/backward, vectorised with a mask of the window maximum."""

import numpy as np


def maxpool_forward(x, pool=2, stride=2):
    n, h, w, c = x.shape
    oh, ow = (h - pool) // stride + 1, (w - pool) // stride + 1
    out = np.empty((n, oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            out[:, i, j, :] = np.max(x[:, i * stride:i * stride + pool, j * stride:j * stride + pool, :], axis=(1, 2))
    return out, (x, pool, stride)


def maxpool_backward(dout, cache):
    x, pool, stride = cache
    dx = np.zeros(x.shape)
    _, oh, ow, _ = dout.shape
    for i in range(oh):
        for j in range(ow):
            sl = (slice(None), slice(i * stride, i * stride + pool), slice(j * stride, j * stride + pool), slice(None))
            win = x[sl]
            is_max = win == win.max(axis=(1, 2), keepdims=True)
            dx[sl] = is_max * dout[:, i, j, :][:, None, None, :]
    return dx
