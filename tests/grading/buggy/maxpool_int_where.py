"""Max pooling with explicit loops (easier to debug)."""

import numpy as np


def maxpool_forward(x, pool=2, stride=2):
    N, H, W, C = x.shape
    Ho, Wo = (H - pool) // stride + 1, (W - pool) // stride + 1
    out = np.zeros((N, Ho, Wo, C))
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    out[n, i, j, c] = np.max(x[n, i * stride:i * stride + pool, j * stride:j * stride + pool, c])
    return out, (x, pool, stride)


def maxpool_backward(dout, cache):
    x, pool, stride = cache
    N, H, W, C = x.shape
    _, Ho, Wo, _ = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    region = x[n, i * stride:i * stride + pool, j * stride:j * stride + pool, c]
                    pos = np.where(region == np.max(region))
                    a, bb = int(pos[0]), int(pos[1])
                    dx[n, i * stride + a, j * stride + bb, c] += dout[n, i, j, c]
    return dx
