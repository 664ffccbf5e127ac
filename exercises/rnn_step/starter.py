"""One step of a vanilla recurrent network: h = tanh(x @ Wx + h_prev @ Wh + b), forward and backward."""

import numpy as np


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    """Return (h, cache) for one RNN step.

    x: the inputs at this time step, shape (N, D); h_prev: the previous hidden state, shape (N, H).
    Wx: input-to-hidden weights (D, H); Wh: hidden-to-hidden weights (H, H); b: bias (H,).
    h: the new hidden state, shape (N, H), h = tanh(x @ Wx + h_prev @ Wh + b).
    cache: whatever rnn_step_backward will need.
    """
    # TODO: the pre-activation z = x @ Wx + h_prev @ Wh + b
    # TODO: h = np.tanh(z)
    # TODO: return h and a cache (for example the tuple (x, h_prev, Wx, Wh, h))
    raise NotImplementedError("write rnn_step_forward()")


def rnn_step_backward(dh, cache):
    """Return (dx, dh_prev, dWx, dWh, db), the gradients of the loss for one RNN step.

    dh: the upstream gradient dL/dh, shape (N, H); cache: what your rnn_step_forward returned.
    dx (N, D), dh_prev (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    # TODO: unpack the cache
    # TODO: back through the tanh: dz = dh * (1 - h**2), with h the step's output
    # TODO: dx and dWx from x @ Wx; dh_prev and dWh from h_prev @ Wh; db from b
    raise NotImplementedError("write rnn_step_backward()")
