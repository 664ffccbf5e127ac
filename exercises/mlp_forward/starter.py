"""Forward propagation through a multi-layer perceptron given as a list of layers."""

import numpy as np


def mlp_forward(x, layers):
    """Return the network's output for the batch x.

    x: shape (N, D).
    layers: a list of dicts, first layer first, each with
        "W": shape (in, out), "b": shape (out,),
        "activation": "relu", "tanh", "sigmoid" or "linear".
    Each layer computes h = activation(h @ W + b), starting from h = x. The last layer's output,
    shape (N, out of the last layer), is the network's output. With no layers, return x.
    Raise ValueError for an activation name you do not know.
    """
    # TODO: start from h = x
    # TODO: for each layer: z = h @ W + b, then h = its activation applied to z
    # TODO: return h
    raise NotImplementedError("write mlp_forward()")
