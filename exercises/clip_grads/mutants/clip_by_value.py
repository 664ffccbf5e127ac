import numpy as np


def clip_by_global_norm(grads, max_norm):
    arrays = [None if g is None else np.asarray(g, dtype=np.float64) for g in grads]
    global_norm = float(np.sqrt(sum(np.sum(g * g) for g in arrays if g is not None)))
    clipped = [None if g is None else np.clip(g, -max_norm, max_norm) for g in arrays]
    return clipped, global_norm
