"""Two-layer net: loss and gradients with L2 weight decay on all parameters."""

import numpy as np


def two_layer_loss(params, x, y, reg):
    W1, b1 = params["W1"], params["b1"]
    W2, b2 = params["W2"], params["b2"]
    N = x.shape[0]

    hidden_in = x.dot(W1) + b1
    hidden = np.maximum(0, hidden_in)
    scores = hidden.dot(W2) + b2

    scores = scores - scores.max(axis=1, keepdims=True)
    exp_scores = np.exp(scores)
    probs = exp_scores / exp_scores.sum(axis=1, keepdims=True)
    data_loss = -np.log(probs[np.arange(N), y]).mean()
    reg_loss = 0.0
    for p in (W1, b1, W2, b2):
        reg_loss += 0.5 * reg * np.sum(p * p)
    loss = data_loss + reg_loss

    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    grads = {}
    grads["W2"] = hidden.T.dot(dscores) + reg * W2
    grads["b2"] = dscores.sum(axis=0)
    dhidden = dscores.dot(W2.T)
    dhidden[hidden_in <= 0] = 0
    grads["W1"] = x.T.dot(dhidden) + reg * W1
    grads["b1"] = dhidden.sum(axis=0)
    return loss, grads
