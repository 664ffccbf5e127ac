"""Reference solution: one step of a vanilla RNN, forward and backward (CS231n style)."""

import numpy as np


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    x = np.asarray(x, dtype=np.float64)
    h_prev = np.asarray(h_prev, dtype=np.float64)
    h = np.tanh(x @ Wx + h_prev @ Wh + b)
    cache = (x, h_prev, Wx, Wh, b, h)
    return h, cache


def rnn_step_backward(dh, cache):
    x, h_prev, Wx, Wh, b, h = cache
    dz = dh * (1.0 - h ** 2)  # tanh'(z) = 1 − tanh(z)², taken from the step's output h
    dx = dz @ Wx.T
    dh_prev = dz @ Wh.T
    dWx = x.T @ dz
    dWh = h_prev.T @ dz
    db = dz.sum(axis=0)
    return dx, dh_prev, dWx, dWh, db
