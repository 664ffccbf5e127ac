"""One GRU step, in Keras' layout with reset_after=False (gates z, r, h̃)."""

import numpy as np


def gru_step_forward(x, h_prev, Wx, Wh, b):
    """Return h, the hidden state after one GRU time step.

    x: shape (N, D); h_prev: shape (N, H).
    Wx: shape (D, 3H); Wh: shape (H, 3H); b: shape (3H,). Their 3H columns hold Keras' blocks:
    [0:H] update gate z, [H:2H] reset gate r, [2H:3H] candidate h̃.
    h: shape (N, H), h = z * h_prev + (1 - z) * h̃.
    """
    # TODO: z = sigmoid(x @ Wx[:, :H] + h_prev @ Wh[:, :H] + b[:H]), and r the same way with [H:2H]
    # TODO: h̃ = tanh(x @ Wx[:, 2H:] + b[2H:] + (r * h_prev) @ Wh[:, 2H:])   (reset *before* the product)
    # TODO: h = z * h_prev + (1 - z) * h̃
    raise NotImplementedError("write gru_step_forward()")
