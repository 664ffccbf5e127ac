"""Reference solution: one LSTM step, Keras layout and gate order (i, f, c̃, o)."""

import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b            # (N, 4H): the four gates' pre-activations side by side
    i = sigmoid(a[:, :H])                   # input gate
    f = sigmoid(a[:, H:2 * H])              # forget gate
    g = np.tanh(a[:, 2 * H:3 * H])          # candidate cell c̃
    o = sigmoid(a[:, 3 * H:])               # output gate
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    h = o * tanh_c
    cache = (x, h_prev, c_prev, Wx, Wh, i, f, g, o, tanh_c)
    return h, c, cache
