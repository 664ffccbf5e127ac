"""Inverted dropout: a seeded random mask while training, the identity at inference."""

import numpy as np


def dropout_forward(x, rate, training=True, seed=0):
    """Return (out, cache) for inverted dropout.

    x: an array of any shape (batch first). rate: the fraction of entries to DROP, 0 <= rate < 1
    (like keras.layers.Dropout); any other rate raises ValueError.
    training=True: draw the mask with exactly
        keep = np.random.default_rng(seed).random(x.shape) >= rate
    and return out = x * keep / (1 - rate).
    training=False (inference): out = x, unchanged.
    cache: whatever dropout_backward needs (the mask and the scale, or a note that nothing was dropped).
    """
    # TODO: raise ValueError unless 0 <= rate < 1
    # TODO: at inference, return x unchanged (and a cache saying so)
    # TODO: draw the keep mask from np.random.default_rng(seed), exactly as above
    # TODO: out = x * keep / (1 - rate); return (out, cache)
    raise NotImplementedError("write dropout_forward()")


def dropout_backward(dout, cache):
    """Return dx, the gradient of the loss with respect to x, given dout = dL/dout (x's shape).

    Dropout multiplies x by a fixed number per entry (0 or 1 / (1 - rate)), so dx is dout times
    that same number; after an inference forward pass, dx = dout.
    """
    # TODO: dx = dout * keep / (1 - rate), with the mask the forward pass used
    raise NotImplementedError("write dropout_backward()")
