"""A differently written correct solution of the bptt exercise (it must pass): states stacked in
an array, the backward pass written as a while loop with explicit transposes."""

import numpy as np


def bptt(x, y, h0, params):
    W, U, V, b, c = params["W"], params["U"], params["V"], params["b"], params["c"]
    T, H = len(x), len(h0)
    h = np.empty((T + 1, H))
    h[0] = h0
    for t in range(1, T + 1):
        h[t] = np.tanh(np.dot(W, h[t - 1]) + np.dot(U, x[t - 1]) + b)
    err = np.dot(V, h[T]) + c - y
    loss = float(np.sum(err ** 2) / 2)
    dW, dU, db = np.zeros(W.shape), np.zeros(U.shape), np.zeros(b.shape)
    carry = np.dot(V.T, err)
    t = T
    while t >= 1:
        delta = (1 - h[t] * h[t]) * carry
        dW = dW + delta[:, None] * h[t - 1][None, :]
        dU = dU + delta[:, None] * x[t - 1][None, :]
        db = db + delta
        carry = np.dot(W.T, delta)
        t -= 1
    grads = {"c": err, "b": db, "V": err[:, None] * h[T][None, :], "U": dU, "W": dW}
    return loss, grads, h[T].copy()


def sgd_step(params, grads, lr):
    updated = dict(params)
    for name in params:
        updated[name] = params[name] + (-lr) * grads[name]
    return updated
