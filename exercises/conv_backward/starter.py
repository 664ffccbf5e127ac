"""A 2-D convolution layer, backward pass: dx, dw and db from the upstream gradient."""

import numpy as np
from conv_forward import conv2d_forward


def conv2d_backward(dout, cache):
    """Return (dx, dw, db), the gradients of the loss with respect to x, w and b.

    dout: the upstream gradient dL/dout, shape (N, H', W', C_out).
    cache: what your conv2d_forward returned (e.g. (x, w, b, stride, pad)); if it lacks something
           you need here, change conv2d_forward in your conv_forward file.
    dx has the shape of x (N, H, W, C_in), dw the shape of w (KH, KW, C_in, C_out),
    db the shape of b (C_out,).
    """
    # TODO: unpack the cache and pad x again (H and W only)
    # TODO: dx_pad = zeros like x_pad, dw = zeros like w
    # TODO: for every output position (i, j), with the window rows i*stride : i*stride + KH and
    #       columns j*stride : j*stride + KW, and g = dout[:, i, j, :] of shape (N, C_out):
    #         dw += window of x_pad (N, KH, KW, C_in) times g, summed over N
    #         dx_pad[window] += g times w, summed over C_out
    # TODO: db = dout summed over N, H' and W'
    # TODO: dx = dx_pad without the padding
    raise NotImplementedError("write conv2d_backward()")
