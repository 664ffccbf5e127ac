"""Conv backward, vectorised over the batch with einsum."""

import numpy as np

from conv_forward import conv2d_forward  # noqa: F401


def conv2d_backward(dout, cache):
    x, w, b, stride, pad = cache
    _, H, W, _ = x.shape
    kh, kw = w.shape[:2]
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for i in range(dout.shape[1]):
        for j in range(dout.shape[2]):
            r, c = i * stride, j * stride
            g = dout[:, i, j, :]
            dw += np.einsum("nhwc,no->hwco", xp[:, r:r + kh, c:c + kw, :], g)
            dxp[:, r:r + kh, c:c + kw, :] += np.einsum("no,hwco->nhwc", g, w)
    db = dout.sum(axis=0)
    return dxp[:, pad:pad + H, pad:pad + W, :], dw, db
