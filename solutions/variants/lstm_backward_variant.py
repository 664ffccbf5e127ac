"""A differently written correct solution of the lstm_backward exercise (it must pass): its own
step (it does not import lstm_step) and a cache object that stays in the sandbox."""

import numpy as np


class Sequence:
    """Everything the backward pass needs, as an object (not plain data)."""

    def __init__(self, x, Wx, Wh):
        self.x, self.Wx, self.Wh = x, Wx, Wh
        self.h_prev, self.c_prev, self.gates, self.c = [], [], [], []


def _sigmoid(z):
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))


def lstm_forward(x, h0, Wx, Wh, b):
    n, steps, _ = x.shape
    size = h0.shape[1]
    memo = Sequence(x, Wx, Wh)
    h, c = h0, np.zeros_like(h0)
    out = []
    for t in range(steps):
        a = np.einsum("nd,dk->nk", x[:, t], Wx) + np.einsum("nh,hk->nk", h, Wh) + b
        i, f, g, o = (a[:, j * size:(j + 1) * size] for j in range(4))
        i, f, g, o = _sigmoid(i), _sigmoid(f), np.tanh(g), _sigmoid(o)
        memo.h_prev.append(h)
        memo.c_prev.append(c)
        c = f * c + i * g
        h = o * np.tanh(c)
        memo.gates.append((i, f, g, o))
        memo.c.append(c)
        out.append(h)
    return np.stack(out, axis=1), memo


def lstm_backward(dh, memo):
    steps = dh.shape[1]
    dx = np.zeros_like(memo.x)
    dWx, dWh = np.zeros_like(memo.Wx), np.zeros_like(memo.Wh)
    carry_h = np.zeros_like(dh[:, 0])
    carry_c = np.zeros_like(dh[:, 0])
    da_all = []
    for t in range(steps - 1, -1, -1):
        i, f, g, o = memo.gates[t]
        dh_t = dh[:, t] + carry_h
        tc = np.tanh(memo.c[t])
        dc = carry_c + dh_t * o * (1.0 - tc * tc)
        da = np.hstack([dc * g * i * (1.0 - i), dc * memo.c_prev[t] * f * (1.0 - f),
                        dc * i * (1.0 - g * g), dh_t * tc * o * (1.0 - o)])
        dx[:, t] = da @ memo.Wx.T
        dWx += memo.x[:, t].T @ da
        dWh += memo.h_prev[t].T @ da
        carry_h, carry_c = da @ memo.Wh.T, dc * f
        da_all.append(da)
    db = np.sum(np.concatenate(da_all, axis=0), axis=0)
    return dx, carry_h, dWx, dWh, db
