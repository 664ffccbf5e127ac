"""RNN step; keep the pre-activation for the backward pass."""

import numpy as np


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    z = x @ Wx + h_prev @ Wh + b
    return np.tanh(z), {"x": x, "h_prev": h_prev, "Wx": Wx, "Wh": Wh, "z": z}


def rnn_step_backward(dh, cache):
    dz = dh * (1 - cache["z"] ** 2)
    return (dz @ cache["Wx"].T, dz @ cache["Wh"].T, cache["x"].T @ dz,
            cache["h_prev"].T @ dz, dz.sum(axis=0))
