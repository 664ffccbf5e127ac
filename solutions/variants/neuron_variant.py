"""A correct neuron written differently from the reference: explicit loops and math.exp."""

import math

import numpy as np


def _activate(value, activation):
    if activation == "sigmoid":
        if value >= 0:
            return 1.0 / (1.0 + math.exp(-value))
        small = math.exp(value)
        return small / (1.0 + small)
    if activation == "tanh":
        return math.tanh(value)
    if activation == "relu":
        return value if value > 0 else 0.0
    return value  # linear


def _weighted_sum(sample, weights, bias):
    total = 0.0
    for xi, wi in zip(sample, weights):
        total += float(xi) * float(wi)
    return total + bias


def neuron(x, w, b, activation="sigmoid"):
    if activation not in ("sigmoid", "tanh", "relu", "linear"):
        raise ValueError("no such activation: " + str(activation))
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        return _activate(_weighted_sum(x, w, b), activation)
    outputs = np.empty(x.shape[0])
    for row in range(x.shape[0]):
        outputs[row] = _activate(_weighted_sum(x[row], w, b), activation)
    return outputs
