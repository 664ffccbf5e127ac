"""One LSTM step, in Keras' layout and gate order (i, f, c̃, o)."""

import numpy as np


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    """Return (h, c, cache) for one LSTM time step.

    x: shape (N, D); h_prev and c_prev: shape (N, H), the previous hidden and cell states.
    Wx: shape (D, 4H); Wh: shape (H, 4H); b: shape (4H,). Their 4H columns hold the gates'
    blocks in Keras' order: [0:H] input gate i, [H:2H] forget gate f, [2H:3H] candidate c̃,
    [3H:4H] output gate o.
    h, c: shape (N, H). cache: whatever a backward pass would need (the next exercise uses it).
    """
    # TODO: a = x @ Wx + h_prev @ Wh + b, shape (N, 4H)
    # TODO: split a into four blocks of H columns: i, f, o with sigmoid, c̃ with tanh
    # TODO: c = f * c_prev + i * c̃, then h = o * tanh(c)
    # TODO: return h, c and a cache (for example a tuple of the inputs and the gates)
    raise NotImplementedError("write lstm_step_forward()")
