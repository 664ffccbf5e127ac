"""Backward pass of my convolution layer."""

import numpy as np

from conv_forward import conv2d_forward  # noqa: F401


def conv2d_backward(dout, cache):
    x, w, b, stride, pad = cache
    N, H, W, C = x.shape
    KH, KW, _, F = w.shape
    _, H_out, W_out, _ = dout.shape
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for i in range(H_out):
        for j in range(W_out):
            hs, ws = i * stride, j * stride
            win = xp[:, hs:hs + KH, ws:ws + KW, :]
            for f in range(F):
                dw[:, :, :, f] += np.sum(win * dout[:, i, j, f][:, None, None, None], axis=0)
                dxp[:, hs:hs + KH, ws:ws + KW, :] += w[None, :, :, :, f] * dout[:, i, j, f][:, None, None, None]
    db = dout.sum(axis=(0, 1, 2))
    dx = dxp[:, pad:-pad, pad:-pad, :]
    return dx, dw, db
