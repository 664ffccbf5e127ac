"""Backprop through a 2-layer ReLU net with softmax and L2."""

import numpy as np


def two_layer_loss(params, x, y, reg):
    n = x.shape[0]
    z1 = x @ params["W1"] + params["b1"]
    a1 = np.maximum(z1, 0)
    z2 = a1 @ params["W2"] + params["b2"]

    z2 = z2 - z2.max(axis=1, keepdims=True)
    p = np.exp(z2)
    p /= p.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(p[np.arange(n), y]))
    loss += reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))

    dz2 = p
    dz2[np.arange(n), y] -= 1
    dz2 /= n
    dW2 = a1.T @ dz2 + reg * params["W2"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"].T
    dz1 = da1 * (z1 > 0)
    dW1 = x.T @ dz1 + reg * params["W1"]
    db1 = dz1.sum(axis=0)
    return float(loss), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
