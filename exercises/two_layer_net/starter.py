"""Backpropagation through a 2-layer network: ReLU hidden layer, softmax cross-entropy, L2."""

import numpy as np


def two_layer_loss(params, x, y, reg):
    """Return (loss, grads) for the network scores = relu(x @ W1 + b1) @ W2 + b2.

    params: a dict with "W1" (D, H), "b1" (H,), "W2" (H, K), "b2" (K,).
    x: inputs of shape (N, D); y: integer labels of shape (N,), in 0..K-1; reg: a number ≥ 0.
    loss: the mean softmax cross-entropy of the scores, plus 0.5 * reg * (sum(W1²) + sum(W2²)).
    grads: a dict with the same keys as params, each gradient shaped like its parameter.
    """
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    # TODO forward:  z1 = x @ W1 + b1;  h = relu(z1);  scores = h @ W2 + b2
    # TODO loss:     stable softmax cross-entropy of the scores (batch mean) + the L2 term
    # TODO backward: dscores = (softmax - one_hot(y)) / N
    # TODO           dW2, db2 from h and dscores;  dh = dscores @ W2.T
    # TODO           dz1 = dh where z1 > 0, else 0;  dW1, db1 from x and dz1
    # TODO           add the L2 gradient reg * W to dW1 and dW2 (not to the biases)
    raise NotImplementedError("write two_layer_loss()")
