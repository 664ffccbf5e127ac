"""Gradient clipping."""

import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = 0.0
    for g in grads:
        if g is not None:
            total += np.sum(g ** 2)
    total = float(np.sqrt(total))
    clipped = []
    for g in grads:
        if g is None:
            clipped.append(None)
            continue
        n = np.linalg.norm(g)
        clipped.append(g * max_norm / n if n > max_norm else g)
    return clipped, total
