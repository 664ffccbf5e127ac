import numpy as np


def maxpool_forward(x, pool=2, stride=2):
    n, h, width, c = x.shape
    h_out = (h - pool) // pool + 1
    w_out = (width - pool) // pool + 1
    out = np.zeros((n, h_out, w_out, c))
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, i * pool:i * pool + pool, j * pool:j * pool + pool, :]
            out[:, i, j, :] = window.max(axis=(1, 2))
    return out, (x, pool, stride)


def maxpool_backward(dout, cache):
    x, pool, stride = cache
    _, h_out, w_out, _ = dout.shape
    dx = np.zeros_like(x)
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, i * pool:i * pool + pool, j * pool:j * pool + pool, :]
            mask = window == window.max(axis=(1, 2), keepdims=True)
            dx[:, i * pool:i * pool + pool, j * pool:j * pool + pool, :] += mask * dout[:, i:i + 1, j:j + 1, :]
    return dx
