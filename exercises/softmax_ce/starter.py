"""Softmax followed by cross-entropy: the loss of a classifier and its gradient, in one stable step."""

import numpy as np


def softmax_cross_entropy(logits, y):
    """Return (loss, dlogits) for a batch of logits and integer labels.

    logits: shape (N, K), the raw scores of the last layer (any real numbers, even ±1000).
    y: shape (N,), integer class labels in 0..K-1.
    loss: one number, the mean over the batch of -log softmax(logits)[i, y[i]].
    dlogits: shape (N, K), the gradient of loss with respect to logits.
    """
    # TODO: subtract each row's max from the logits (this changes nothing but avoids overflow)
    # TODO: log-probabilities: shifted - log(sum(exp(shifted))) along each row
    # TODO: loss = minus the mean of the log-probability of the true class, row by row
    # TODO: dlogits = (softmax - one_hot(y)) / N
    raise NotImplementedError("write softmax_cross_entropy()")
