"""2-D max pooling (NHWC images), forward and backward."""

import numpy as np


def maxpool_forward(x, pool=2, stride=2):
    """Return (out, cache) for max pooling with square pool × pool windows.

    x: images of shape (N, H, W, C). No padding.
    out: shape (N, H', W', C) with H' = (H - pool) // stride + 1 and W' = (W - pool) // stride + 1;
         out[n, i, j, c] = the largest x[n, i*stride + p, j*stride + q, c] for p, q in 0..pool-1.
    cache: whatever maxpool_backward will need, e.g. (x, pool, stride).
    """
    # TODO: compute the output size H', W'
    # TODO: for every output position (i, j): take the window starting at (i*stride, j*stride)
    #       and keep its maximum over the two window axes (axis=(1, 2)),
    #       for every sample and channel
    # TODO: return out and a cache
    raise NotImplementedError("write maxpool_forward()")


def maxpool_backward(dout, cache):
    """Return dx, the gradient of the loss with respect to x (same shape as x).

    dout: the upstream gradient dL/dout, shape (N, H', W', C).
    cache: what your maxpool_forward returned.
    Each window's dout goes to the position of that window's maximum only; every other dx is 0.
    """
    # TODO: dx = zeros like x
    # TODO: for every window: find where its maximum is (a mask window == window max, or argmax)
    #       and add dout[:, i, j, :] to dx at that position (+=: windows may overlap)
    raise NotImplementedError("write maxpool_backward()")
