"""A differently written correct solution of the mlp_forward exercise (it must pass)."""

from functools import reduce

import numpy as np

ACTIVATIONS = {
    "relu": lambda z: z * (z > 0),
    "tanh": np.tanh,
    "sigmoid": lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)),
    "linear": lambda z: z,
}


def layer_forward(h, layer):
    try:
        f = ACTIVATIONS[layer["activation"]]
    except KeyError:
        raise ValueError(f"no such activation: {layer['activation']}") from None
    return f(np.dot(h, layer["W"]) + layer["b"])


def mlp_forward(x, layers):
    return reduce(layer_forward, layers, x)
