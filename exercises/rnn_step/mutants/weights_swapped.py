import numpy as np


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    h = np.tanh(x @ Wx + h_prev @ Wh + b)
    return h, (x, h_prev, Wx, Wh, b, h)


def rnn_step_backward(dh, cache):
    x, h_prev, Wx, Wh, b, h = cache
    dz = dh * (1.0 - h ** 2)
    return dz @ Wh.T, dz @ Wx.T, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)
