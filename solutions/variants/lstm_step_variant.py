"""A differently written correct solution of the lstm_step exercise (it must pass)."""

import numpy as np


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    Wx_i, Wx_f, Wx_g, Wx_o = np.split(Wx, 4, axis=1)
    Wh_i, Wh_f, Wh_g, Wh_o = np.split(Wh, 4, axis=1)
    b_i, b_f, b_g, b_o = np.split(b, 4)
    gates = {
        "i": _sigmoid(np.einsum("nd,dh->nh", x, Wx_i) + np.einsum("nk,kh->nh", h_prev, Wh_i) + b_i),
        "f": _sigmoid(np.einsum("nd,dh->nh", x, Wx_f) + np.einsum("nk,kh->nh", h_prev, Wh_f) + b_f),
        "g": np.tanh(np.einsum("nd,dh->nh", x, Wx_g) + np.einsum("nk,kh->nh", h_prev, Wh_g) + b_g),
        "o": _sigmoid(np.einsum("nd,dh->nh", x, Wx_o) + np.einsum("nk,kh->nh", h_prev, Wh_o) + b_o),
    }
    c = gates["f"] * c_prev + gates["i"] * gates["g"]
    h = gates["o"] * np.tanh(c)
    return h, c, {"gates": gates, "c": c}
