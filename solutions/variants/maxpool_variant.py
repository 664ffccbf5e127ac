"""A differently written correct solution of the maxpool exercise (it must pass)."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def maxpool_forward(x, pool=2, stride=2):
    windows = sliding_window_view(x, (pool, pool), axis=(1, 2))[:, ::stride, ::stride]  # (N, H', W', C, p, p)
    return windows.max(axis=(-2, -1)), {"x": x, "pool": pool, "stride": stride}


def maxpool_backward(dout, cache):
    x, pool, stride = cache["x"], cache["pool"], cache["stride"]
    windows = sliding_window_view(x, (pool, pool), axis=(1, 2))[:, ::stride, ::stride]
    is_max = windows == windows.max(axis=(-2, -1), keepdims=True)  # (N, H', W', C, p, p)
    contributions = is_max * dout[..., None, None]
    dx = np.zeros(x.shape)
    h_out, w_out = dout.shape[1:3]
    for i in range(h_out):
        for j in range(w_out):
            dx[:, i * stride:i * stride + pool, j * stride:j * stride + pool, :] += (
                contributions[:, i, j].transpose(0, 2, 3, 1))
    return dx
