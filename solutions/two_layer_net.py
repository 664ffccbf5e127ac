"""Reference solution: loss and gradients of a 2-layer ReLU network with softmax cross-entropy
and L2 regularisation 0.5·reg·(‖W1‖² + ‖W2‖²)."""

import numpy as np


def two_layer_loss(params, x, y, reg):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    x = np.asarray(x, dtype=np.float64)
    n = x.shape[0]
    rows = np.arange(n)

    z1 = x @ W1 + b1                      # (N, H) hidden pre-activations
    h = np.maximum(0.0, z1)               # (N, H)
    scores = h @ W2 + b2                  # (N, K) logits

    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    data_loss = -np.mean(log_probs[rows, y])
    loss = data_loss + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

    dscores = np.exp(log_probs)
    dscores[rows, y] -= 1.0
    dscores /= n
    dW2 = h.T @ dscores + reg * W2
    db2 = dscores.sum(axis=0)
    dh = dscores @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = x.T @ dz1 + reg * W1
    db1 = dz1.sum(axis=0)
    return float(loss), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
