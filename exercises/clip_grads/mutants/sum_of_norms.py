import numpy as np


def clip_by_global_norm(grads, max_norm):
    arrays = [None if g is None else np.asarray(g, dtype=np.float64) for g in grads]
    global_norm = float(sum(np.sqrt(np.sum(g * g)) for g in arrays if g is not None))
    scale = max_norm / max(global_norm, max_norm)
    clipped = [None if g is None else g * scale for g in arrays]
    return clipped, global_norm
