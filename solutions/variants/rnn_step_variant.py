"""A differently written correct solution of the rnn_step exercise (it must pass): a dict cache
holding the pre-activation, and einsum instead of matrix products."""

import numpy as np


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    z = np.einsum("nd,dh->nh", x, Wx) + np.einsum("nk,kh->nh", h_prev, Wh) + b[None, :]
    h = np.tanh(z)
    return h, {"x": x, "h_prev": h_prev, "Wx": Wx, "Wh": Wh, "z": z}


def rnn_step_backward(dh, cache):
    dz = dh / np.cosh(cache["z"]) ** 2  # tanh'(z) = sech²(z)
    dx = np.einsum("nh,dh->nd", dz, cache["Wx"])
    dh_prev = np.einsum("nh,kh->nk", dz, cache["Wh"])
    dWx = np.einsum("nd,nh->dh", cache["x"], dz)
    dWh = np.einsum("nk,nh->kh", cache["h_prev"], dz)
    db = np.add.reduce(dz, axis=0)
    return dx, dh_prev, dWx, dWh, db
