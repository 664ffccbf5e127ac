"""Backpropagation through time (BPTT) for a many-to-one RNN, and one step of gradient descent.

This exercise keeps the column-vector form of the textbook: h_t = tanh(W h_{t-1} + U x_t + b),
so the weights multiply from the left (W @ h, U @ x_t).
"""

import numpy as np


def bptt(x, y, h0, params):
    """Return (loss, grads, h_T) for the sequence x and the target y.

    x: the input sequence, shape (T, D), x[t] is the input at step t; y: the target, shape (K,);
    h0: the initial state, shape (H,).
    params: a dict with W (H, H), U (H, D), V (K, H), b (H,), c (K,).
        h_t   = tanh(W @ h_{t-1} + U @ x[t] + b)     for t = 1..T
        y_hat = V @ h_T + c
        loss  = 0.5 * sum((y_hat - y) ** 2)
    grads: a dict with the same keys and shapes as params (a gradient for every parameter).
    h_T: the last hidden state, shape (H,).
    """
    # TODO: forward: keep every state, hs = [h0, h_1, ..., h_T]
    # TODO: the read-out y_hat, the loss, and dV, dc
    # TODO: backward through time, for t = T-1 down to 0, accumulating dW, dU, db
    #       and carrying the gradient back into the previous state
    raise NotImplementedError("write bptt()")


def sgd_step(params, grads, lr):
    """Return the updated params after one step of gradient descent: p - lr * dp for each key."""
    # TODO: a new dict with the same keys as params
    raise NotImplementedError("write sgd_step()")
