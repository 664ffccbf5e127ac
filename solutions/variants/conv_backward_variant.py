"""A differently written correct solution of the conv_backward exercise (it must pass). It brings
its own vectorised forward pass whose cache is an object, not plain data."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


class ConvCache:
    def __init__(self, x_shape, padded, w, stride, pad):
        self.x_shape, self.padded, self.w, self.stride, self.pad = x_shape, padded, w, stride, pad


def conv2d_forward(x, w, b, stride=1, pad=0):
    padded = np.pad(x, [(0, 0), (pad, pad), (pad, pad), (0, 0)])
    windows = sliding_window_view(padded, w.shape[:2], axis=(1, 2))[:, ::stride, ::stride]
    out = np.einsum("nijcab,abcf->nijf", windows, w) + b
    return out, ConvCache(x.shape, padded, w, stride, pad)


def conv2d_backward(dout, cache):
    kh, kw = cache.w.shape[:2]
    s, p = cache.stride, cache.pad
    h_out, w_out = dout.shape[1:3]
    dpadded = np.zeros(cache.padded.shape)
    dw = np.zeros(cache.w.shape)
    for a in range(kh):  # loop over kernel offsets instead of output positions
        for c in range(kw):
            rows = slice(a, a + s * (h_out - 1) + 1, s)
            cols = slice(c, c + s * (w_out - 1) + 1, s)
            dw[a, c] = np.einsum("nijc,nijf->cf", cache.padded[:, rows, cols, :], dout)
            dpadded[:, rows, cols, :] += np.einsum("nijf,cf->nijc", dout, cache.w[a, c])
    h, w = cache.x_shape[1:3]
    return dpadded[:, p:p + h, p:p + w, :], dw, np.einsum("nijf->f", dout)
