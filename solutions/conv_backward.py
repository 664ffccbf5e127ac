"""Reference solution: a 2-D convolution layer, backward pass (the forward is conv_forward's)."""

import numpy as np
from conv_forward import conv2d_forward  # noqa: F401  (the learner's file imports it the same way)


def conv2d_backward(dout, cache):
    x, w, b, stride, pad = cache
    dout = np.asarray(dout, dtype=np.float64)
    _, h, width, _ = x.shape
    kh, kw, _, _ = w.shape
    _, h_out, w_out, _ = dout.shape
    x_pad = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    for i in range(h_out):
        for j in range(w_out):
            rows = slice(i * stride, i * stride + kh)
            cols = slice(j * stride, j * stride + kw)
            g = dout[:, i, j, :]                                                  # (N, C_out)
            dw += np.tensordot(x_pad[:, rows, cols, :], g, axes=([0], [0]))      # (KH, KW, C_in, C_out)
            dx_pad[:, rows, cols, :] += np.tensordot(g, w, axes=([1], [3]))       # (N, KH, KW, C_in)
    db = dout.sum(axis=(0, 1, 2))
    dx = dx_pad[:, pad:pad + h, pad:pad + width, :]
    return dx, dw, db
