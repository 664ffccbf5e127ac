"""GRU step as on Wikipedia."""

import numpy as np


def sig(t):
    return np.exp(-np.logaddexp(0, -t))


def gru_step_forward(x, h_prev, Wx, Wh, b):
    H = h_prev.shape[-1]
    Wxz, Wxr, Wxh = Wx[:, :H], Wx[:, H:2 * H], Wx[:, 2 * H:]
    Whz, Whr, Whh = Wh[:, :H], Wh[:, H:2 * H], Wh[:, 2 * H:]
    bz, br, bh = b[:H], b[H:2 * H], b[2 * H:]
    z = sig(x @ Wxz + h_prev @ Whz + bz)
    r = sig(x @ Wxr + h_prev @ Whr + br)
    cand = np.tanh(x @ Wxh + (r * h_prev) @ Whh + bh)
    return (1 - z) * h_prev + z * cand
