"""The sinusoidal positional encoding of "Attention Is All You Need"."""

import numpy as np


def positional_encoding(T, D):
    """Return PE, shape (T, D), for positions t = 0 … T−1 and an even model width D.

    PE[t, 2i]   = sin(t / 10000^(2i/D))
    PE[t, 2i+1] = cos(t / 10000^(2i/D))      for i = 0 … D/2 − 1
    """
    # TODO: positions t as a column (T, 1); the even column numbers 2i as a row (1, D/2)
    # TODO: angles = t / 10000 ** (2i / D), shape (T, D/2)
    # TODO: the sines in the even columns, the cosines in the odd columns of a (T, D) array
    raise NotImplementedError("write positional_encoding()")
