"""Reference solution: one GRU step, Keras layout with reset_after=False (gates z, r, h̃)."""

import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def gru_step_forward(x, h_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    ax = x @ Wx + b                                                  # (N, 3H): input part of z, r, h̃
    z = sigmoid(ax[:, :H] + h_prev @ Wh[:, :H])                      # update gate
    r = sigmoid(ax[:, H:2 * H] + h_prev @ Wh[:, H:2 * H])            # reset gate
    h_tilde = np.tanh(ax[:, 2 * H:] + (r * h_prev) @ Wh[:, 2 * H:])  # candidate: reset *before* the product
    return z * h_prev + (1.0 - z) * h_tilde
