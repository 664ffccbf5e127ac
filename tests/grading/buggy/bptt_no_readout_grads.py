"""BPTT for a many-to-one RNN, following the listing in the book."""

import numpy as np


def bptt(x, y, h0, params):
    W, U, V, b, c = params["W"], params["U"], params["V"], params["b"], params["c"]
    T = x.shape[0]
    hs = [h0]
    for t in range(T):
        hs.append(np.tanh(W @ hs[-1] + U @ x[t] + b))
    y_hat = V @ hs[-1] + c
    loss = 0.5 * np.sum((y_hat - y) ** 2)

    dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
    dh = V.T @ (y_hat - y)
    for t in reversed(range(T)):
        dz = dh * (1 - hs[t + 1] ** 2)
        dW += np.outer(dz, hs[t])
        dU += np.outer(dz, x[t])
        db += dz
        dh = W.T @ dz
    grads = {"W": dW, "U": dU, "b": db}
    return loss, grads, hs[-1]


def sgd_step(params, grads, lr):
    return {k: params[k] - lr * grads[k] for k in grads}
