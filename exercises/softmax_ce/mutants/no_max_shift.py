import numpy as np


def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    probs = np.exp(logits) / np.sum(np.exp(logits), axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(n), y]))
    dlogits = probs.copy()
    dlogits[np.arange(n), y] -= 1
    return loss, dlogits / n
