import numpy as np


def activate(z, name):
    if name == "relu":
        return np.maximum(0, z)
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if name == "linear":
        return z
    raise ValueError(f"unknown activation {name!r}")



def mlp_forward(x, layers):
    h = x
    for layer in layers:
        h = activate(h @ layer["W"].T + layer["b"], layer["activation"])
    return h
