"""Forward propagation layer by layer."""

import numpy as np


def activation_fn(name):
    table = {"relu": lambda z: np.maximum(0, z), "tanh": np.tanh,
             "sigmoid": lambda z: 1 / (1 + np.exp(-z)), "linear": lambda z: z}
    if name not in table:
        raise ValueError(name)
    return table[name]


def mlp_forward(x, layers):
    a = x
    for i in range(len(layers) - 1):
        layer = layers[i]
        a = activation_fn(layer["activation"])(a @ layer["W"] + layer["b"])
    return a
