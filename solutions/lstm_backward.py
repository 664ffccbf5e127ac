"""Reference solution: an LSTM over a whole sequence, forward and backward (BPTT).

It reuses lstm_step_forward from the previous exercise (the learner's own file in the sandbox)."""

import numpy as np
from lstm_step import lstm_step_forward


def lstm_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    h_t, c_t = h0, np.zeros((N, H))        # the cell state starts at zero, as in Keras
    caches = []
    for t in range(T):
        h_t, c_t, step_cache = lstm_step_forward(x[:, t], h_t, c_t, Wx, Wh, b)
        h[:, t] = h_t
        caches.append(step_cache)
    return h, caches


def lstm_step_backward(dh, dc, cache):
    """Gradients of one step, given dL/dh and dL/dc of its outputs (upstream and from step t+1)."""
    x, h_prev, c_prev, Wx, Wh, i, f, g, o, tanh_c = cache
    do = dh * tanh_c
    dc = dc + dh * o * (1.0 - tanh_c ** 2)          # h = o * tanh(c)
    di, df, dg = dc * g, dc * c_prev, dc * i         # c = f * c_prev + i * g
    dc_prev = dc * f
    da = np.concatenate([di * i * (1.0 - i),         # back through the sigmoids and the tanh,
                         df * f * (1.0 - f),         # in Keras' block order i, f, c̃, o
                         dg * (1.0 - g ** 2),
                         do * o * (1.0 - o)], axis=1)
    return da @ Wx.T, da @ Wh.T, dc_prev, x.T @ da, h_prev.T @ da, da.sum(axis=0)


def lstm_backward(dh, cache):
    N, T, H = dh.shape
    dh_next, dc_next = np.zeros((N, H)), np.zeros((N, H))
    dx_steps = [None] * T
    dWx = dWh = db = 0.0
    for t in reversed(range(T)):
        dx_t, dh_next, dc_next, dWx_t, dWh_t, db_t = lstm_step_backward(dh[:, t] + dh_next, dc_next, cache[t])
        dx_steps[t] = dx_t
        dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t
    return np.stack(dx_steps, axis=1), dh_next, dWx, dWh, db
