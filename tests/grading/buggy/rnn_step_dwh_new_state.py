"""Vanilla RNN cell, forward and backward."""

import numpy as np


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    a = np.dot(x, Wx) + np.dot(h_prev, Wh) + b
    h_next = np.tanh(a)
    return h_next, (x, h_prev, Wx, Wh, h_next)


def rnn_step_backward(dh, cache):
    x, h_prev, Wx, Wh, h_next = cache
    da = dh * (1 - h_next ** 2)
    dx = np.dot(da, Wx.T)
    dh_prev = np.dot(da, Wh.T)
    dWx = np.dot(x.T, da)
    dWh = np.dot(h_next.T, da)
    db = np.sum(da, axis=0)
    return dx, dh_prev, dWx, dWh, db
