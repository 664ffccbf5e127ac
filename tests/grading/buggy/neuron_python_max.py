"""A single neuron."""

import numpy as np


def neuron(x, w, b, activation="sigmoid"):
    z = x @ w + b
    if activation == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if activation == "tanh":
        return np.tanh(z)
    if activation == "relu":
        return max(0, z)
    if activation == "linear":
        return z
    raise ValueError("unknown activation")
