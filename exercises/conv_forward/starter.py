"""A 2-D convolution layer, forward pass: NHWC images, HWIO kernels, zero padding, a stride."""

import numpy as np


def conv2d_forward(x, w, b, stride=1, pad=0):
    """Return (out, cache) for a convolution layer (cross-correlation, as in tf.nn.conv2d).

    x: images of shape (N, H, W, C_in) (batch, height, width, channels).
    w: kernels of shape (KH, KW, C_in, C_out); b: biases of shape (C_out,).
    stride: how many pixels the window moves each step; pad: zeros added on each side of H and W.
    out: shape (N, H', W', C_out) with H' = (H + 2*pad - KH) // stride + 1 and
         W' = (W + 2*pad - KW) // stride + 1;
         out[n, i, j, f] = b[f] + the sum over p, q, c of
                           x_pad[n, i*stride + p, j*stride + q, c] * w[p, q, c, f].
    cache: whatever conv2d_backward (the next exercise) will need, e.g. (x, w, b, stride, pad).
    """
    # TODO: read N, H, W, C_in from x.shape and KH, KW, C_out from w.shape
    # TODO: compute the output size H', W'
    # TODO: pad H and W only: np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    # TODO: for every output position (i, j): take the window starting at (i*stride, j*stride),
    #       multiply it with w and sum over KH, KW and C_in (np.tensordot or np.einsum), add b
    # TODO: return out and a cache
    raise NotImplementedError("write conv2d_forward()")
