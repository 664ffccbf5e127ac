"""Neuron y = f(w . x + b), written the way the formula reads."""

import numpy as np


def sigmoid(t):
    return 1 / (1 + np.exp(-t))


def neuron(x, w, b, activation="sigmoid"):
    pre = np.dot(w, x) + b
    if activation == "sigmoid":
        return sigmoid(pre)
    elif activation == "tanh":
        return np.tanh(pre)
    elif activation == "relu":
        return np.maximum(pre, 0)
    elif activation == "linear":
        return pre
    else:
        raise ValueError(f"bad activation {activation}")
