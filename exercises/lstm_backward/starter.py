"""An LSTM over a whole sequence: forward, and backpropagation through time."""

import numpy as np
from lstm_step import lstm_step_forward  # your function from the previous exercise


def lstm_forward(x, h0, Wx, Wh, b):
    """Return (h, cache): the hidden states of an LSTM run over the whole sequence x.

    x: shape (N, T, D); h0: shape (N, H); the cell state starts at zeros (N, H).
    Wx (D, 4H), Wh (H, 4H), b (4H,): Keras' layout, gates i, f, c̃, o (as in lstm_step).
    h: shape (N, T, H), the hidden state after every time step. cache: what lstm_backward needs
    (for example the list of the T step caches).
    """
    # TODO: h_t = h0, c_t = zeros (N, H)
    # TODO: for t in range(T): h_t, c_t, step_cache = lstm_step_forward(x[:, t], h_t, c_t, Wx, Wh, b)
    # TODO: store h_t in h[:, t] and keep every step cache
    raise NotImplementedError("write lstm_forward()")


def lstm_step_backward(dh, dc, cache):
    """Gradients of one step (a helper for lstm_backward; not checked on its own).

    dh, dc: dL/dh and dL/dc of this step's outputs, shape (N, H). cache: one step cache from
    your lstm_step_forward. Return (dx, dh_prev, dc_prev, dWx, dWh, db) for this step.
    """
    # TODO: unpack the cache (x, h_prev, c_prev, the gates, tanh(c), ...)
    # TODO: h = o * tanh(c)            → do, and add dh * o * (1 - tanh(c)**2) to dc
    # TODO: c = f * c_prev + i * c̃     → di, df, dc̃, dc_prev
    # TODO: back through sigmoid (s * (1 - s)) and tanh (1 - t**2): da, shape (N, 4H), order i, f, c̃, o
    # TODO: dx = da @ Wx.T, dh_prev = da @ Wh.T, dWx = x.T @ da, dWh = h_prev.T @ da, db = da summed over N
    raise NotImplementedError("write lstm_step_backward()")


def lstm_backward(dh, cache):
    """Return (dx, dh0, dWx, dWh, db) for the whole sequence.

    dh: shape (N, T, H), the upstream gradient on every hidden state. cache: from lstm_forward.
    dx has the shape of x (N, T, D), dh0 of h0 (N, H), dWx of Wx, dWh of Wh, db of b.
    """
    # TODO: dh_next = dc_next = zeros (N, H): nothing comes from after the last step
    # TODO: for t from T-1 down to 0: call lstm_step_backward(dh[:, t] + dh_next, dc_next, cache[t])
    # TODO: store dx[:, t]; add up dWx, dWh, db over the steps; dh0 is the last dh_next
    raise NotImplementedError("write lstm_backward()")
