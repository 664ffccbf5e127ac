"""LSTM cell forward (one time step)."""

import numpy as np


def sigmoid(v):
    return 0.5 * (1 + np.tanh(0.5 * v))


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    acts = x @ Wx + h_prev @ Wh + b
    ai, af, ao, ag = np.split(acts, 4, axis=1)
    i, f, o = sigmoid(ai), sigmoid(af), sigmoid(ao)
    g = np.tanh(ag)
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    return h, c, (x, h_prev, c_prev, i, f, o, g, c, H)
