import numpy as np


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def gru_step_forward(x, h_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    ax = x @ Wx + b
    z = sigmoid(ax[:, :H] + h_prev @ Wh[:, :H])
    r = sigmoid(ax[:, H:2 * H] + h_prev @ Wh[:, H:2 * H])
    h_tilde = np.tanh(ax[:, 2 * H:] + (r * h_prev) @ Wh[:, 2 * H:])
    return (1 - z) * h_prev + z * h_tilde
