"""Reference solution: forward propagation through a multi-layer perceptron."""

import numpy as np


def activate(z, name):
    if name == "relu":
        return np.maximum(0.0, z)
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return np.exp(-np.logaddexp(0.0, -z))
    if name == "linear":
        return z
    raise ValueError(f"unknown activation {name!r}")


def mlp_forward(x, layers):
    h = np.asarray(x, dtype=np.float64)
    for layer in layers:
        h = activate(h @ layer["W"] + layer["b"], layer["activation"])
    return h
