import numpy as np


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i = 1 / (1 + np.exp(-a[:, :H]))
    f = 1 / (1 + np.exp(-a[:, H:2 * H]))
    g = np.tanh(a[:, 2 * H:3 * H])
    o = 1 / (1 + np.exp(-a[:, 3 * H:]))
    c = f * c_prev + i * g
    h = o * c
    return h, c, (x, h_prev, c_prev, Wx, Wh, i, f, g, o, c)
