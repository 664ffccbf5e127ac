"""A differently written correct solution of the clip_grads exercise (it must pass): the norm from
one concatenated vector, a tuple returned, the factor applied only when needed."""

import math

import numpy as np


def clip_by_global_norm(grads, max_norm):
    present = [np.ravel(g) for g in grads if g is not None]
    flat = np.concatenate(present) if present else np.zeros(0)
    global_norm = math.sqrt(float(flat @ flat))
    if global_norm <= max_norm:
        return [None if g is None else np.array(g, dtype=float) for g in grads], global_norm
    factor = max_norm / global_norm
    return tuple(None if g is None else factor * g for g in grads), global_norm
