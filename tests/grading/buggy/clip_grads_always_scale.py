"""Clip a list of gradients to a maximum global norm."""

import numpy as np


def clip_by_global_norm(grads, max_norm):
    present = [g for g in grads if g is not None]
    gnorm = np.sqrt(sum((g * g).sum() for g in present))
    factor = max_norm / (gnorm + 1e-6)
    return [None if g is None else g * factor for g in grads], float(gnorm)
