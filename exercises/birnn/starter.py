"""A bidirectional simple RNN: a forward pass, a pass over the reversed sequence, concatenated."""

import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    """Return h, shape (N, T, H): the hidden states of a simple RNN over the sequence x.

    x: shape (N, T, D); h0: shape (N, H); Wx: (D, H); Wh: (H, H); b: (H,).
    h[:, t] = tanh(x[:, t] @ Wx + h[:, t-1] @ Wh + b), with h0 before the first step.
    """
    # TODO: loop over t, keep the running state, store it in h[:, t]
    raise NotImplementedError("write rnn_forward()")


def birnn_forward(x, forward, backward):
    """Return out, shape (N, T, 2H), like keras.layers.Bidirectional(SimpleRNN(H, return_sequences=True)).

    x: shape (N, T, D). forward, backward: dicts with keys "Wx" (D, H), "Wh" (H, H), "b" (H,),
    the weights of the two directions. Both start from zero states.
    out[:, t] = [forward state at t, backward state at t]: the backward RNN reads x from the last
    step to the first, and its states are put back in time order.
    """
    # TODO: the forward direction: rnn_forward over x from zeros
    # TODO: the backward direction: rnn_forward over x[:, ::-1] from zeros, then reverse its states back
    # TODO: concatenate [forward, backward] on the last axis
    raise NotImplementedError("write birnn_forward()")
