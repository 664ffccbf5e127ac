"""Reference solution: 2-D max pooling (NHWC), forward and backward."""

import numpy as np


def maxpool_forward(x, pool=2, stride=2):
    x = np.asarray(x, dtype=np.float64)
    n, h, width, c = x.shape
    h_out = (h - pool) // stride + 1
    w_out = (width - pool) // stride + 1
    out = np.empty((n, h_out, w_out, c))
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, i * stride:i * stride + pool, j * stride:j * stride + pool, :]
            out[:, i, j, :] = window.max(axis=(1, 2))
    cache = (x, pool, stride)
    return out, cache


def maxpool_backward(dout, cache):
    x, pool, stride = cache
    dout = np.asarray(dout, dtype=np.float64)
    n, _, _, c = x.shape
    _, h_out, w_out, _ = dout.shape
    dx = np.zeros_like(x)
    batch, channel = np.meshgrid(np.arange(n), np.arange(c), indexing="ij")
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, i * stride:i * stride + pool, j * stride:j * stride + pool, :]
            flat = window.reshape(n, pool * pool, c).argmax(axis=1)   # (N, C): the argmax in the window
            rows, cols = np.divmod(flat, pool)
            dx[batch, i * stride + rows, j * stride + cols, channel] += dout[:, i, j, :]
    return dx
