"""Naive conv forward with loops over output pixels."""

import numpy as np


def conv2d_forward(x, w, b, stride=1, pad=0):
    N, H, W, C = x.shape
    KH, KW, _, F = w.shape
    H_out = int((H + 2 * pad - KH) / stride)
    W_out = int((W + 2 * pad - KW) / stride)
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant")
    out = np.zeros((N, H_out, W_out, F))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                patch = xp[n, i * stride:i * stride + KH, j * stride:j * stride + KW, :]
                for f in range(F):
                    out[n, i, j, f] = np.sum(patch * w[:, :, :, f]) + b[f]
    return out, (x, w, b, stride, pad)
