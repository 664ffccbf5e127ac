"""One LSTM step (Keras gate order i, f, c~, o)."""

import numpy as np


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    n_h = h_prev.shape[1]
    gates = x @ Wx + h_prev @ Wh + b
    i = sigmoid(gates[:, :n_h])
    f = sigmoid(gates[:, n_h:2 * n_h])
    c_tilde = np.tanh(gates[:, 2 * n_h:3 * n_h])
    o = sigmoid(gates[:, 3 * n_h:])
    c_next = f * c_prev + i * c_tilde
    h_next = o * np.tanh(c_prev)
    return h_next, c_next, (x, h_prev, c_prev, i, f, c_tilde, o, c_next)
