import numpy as np

from conv_forward import conv2d_forward  # noqa: F401


def conv2d_backward(dout, cache):
    x, w, b, stride, pad = cache
    _, h, width, _ = x.shape
    kh, kw, _, _ = w.shape
    _, h_out, w_out, _ = dout.shape
    x_pad = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    for i in range(h_out):
        for j in range(w_out):
            hs, ws = i * stride, j * stride
            g = dout[:, i, j, :]
            dw = np.tensordot(x_pad[:, hs:hs + kh, ws:ws + kw, :], g, axes=([0], [0]))
            dx_pad[:, hs:hs + kh, ws:ws + kw, :] += np.tensordot(g, w, axes=([1], [3]))
    db = dout.sum(axis=(0, 1, 2))
    dx = dx_pad[:, pad:pad + h, pad:pad + width, :]
    return dx, dw, db
