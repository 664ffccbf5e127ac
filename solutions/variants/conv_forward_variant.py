"""A differently written correct solution of the conv_forward exercise (it must pass)."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d_forward(x, w, b, stride=1, pad=0):
    padded = np.pad(x, [(0, 0), (pad, pad), (pad, pad), (0, 0)], mode="constant")
    kh, kw = w.shape[:2]
    windows = sliding_window_view(padded, (kh, kw), axis=(1, 2))[:, ::stride, ::stride]  # (N, H', W', C, KH, KW)
    out = np.einsum("nijcab,abcf->nijf", windows, w) + b.reshape(1, 1, 1, -1)
    return out, {"x": x, "w": w, "stride": stride, "pad": pad}
