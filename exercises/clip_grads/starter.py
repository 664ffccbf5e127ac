"""Gradient clipping by global norm, as tf.clip_by_global_norm does it."""

import numpy as np


def clip_by_global_norm(grads, max_norm):
    """Return (clipped, global_norm).

    grads: a list of numpy arrays of any shapes (an entry may be None: it is skipped and stays None).
    max_norm: a positive number.
    global_norm: sqrt of the sum of the squares of every number in every gradient, measured
        *before* clipping.
    clipped: a list like grads; when global_norm > max_norm every gradient is multiplied by the same
        factor max_norm / global_norm, otherwise the gradients are returned unchanged.
    """
    # TODO: global_norm over all (non-None) gradients together
    # TODO: one scale factor for every gradient; 1 when global_norm <= max_norm
    # TODO: return the list of scaled gradients (None stays None) and global_norm
    raise NotImplementedError("write clip_by_global_norm()")
