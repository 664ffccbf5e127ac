"""The causal (look-ahead) mask of a decoder: no token may attend to a later one."""

import numpy as np


def causal_mask(T):
    """Return a boolean array of shape (T, T): mask[t, s] is True when query t may attend to key s,
    that is when s ≤ t."""
    # TODO: True on and below the diagonal, False above it, dtype bool
    raise NotImplementedError("write causal_mask()")
