"""Forward pass through a list of layers: hidden layers activated, then the output layer."""

import numpy as np


def _act(name, z):
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if name == "linear":
        return z
    raise ValueError("unknown activation " + name)


def mlp_forward(x, layers):
    a = np.asarray(x, dtype=float)
    if not layers:
        return a
    for layer in layers[:-1]:
        a = _act(layer["activation"], a @ layer["W"] + layer["b"])
    last = layers[-1]
    return a @ last["W"] + last["b"]
