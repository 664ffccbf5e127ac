"""An artificial neuron: y = f(x · w + b)."""

import numpy as np


def neuron(x, w, b, activation="sigmoid"):
    """Return the neuron's output f(x @ w + b).

    x: shape (D,) for one sample or (N, D) for a batch; w: shape (D,); b: a number.
    activation: "sigmoid", "tanh", "relu" or "linear"; anything else raises ValueError.
    """
    # TODO: compute the weighted sum z = x @ w + b
    # TODO: apply the activation named by `activation`
    raise NotImplementedError("write neuron()")
