"""Convolution (cross-correlation), vectorised over the batch."""

import numpy as np


def conv2d_forward(x, w, b, stride=1, pad=0):
    n, h, wd, c_in = x.shape
    kh, kw, _, c_out = w.shape
    x_p = np.pad(x, pad)
    h_out = (h + 2 * pad - kh) // stride + 1
    w_out = (wd + 2 * pad - kw) // stride + 1
    out = np.zeros((n, h_out, w_out, c_out))
    for r in range(h_out):
        for c in range(w_out):
            win = x_p[:, r * stride:r * stride + kh, c * stride:c * stride + kw, :]
            out[:, r, c, :] = np.einsum("nijc,ijco->no", win, w) + b
    return out, (x, w, b, stride, pad)
