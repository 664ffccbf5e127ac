"""An embedding layer: look rows of a table up by integer id, and the gradient of the table."""

import numpy as np


def embedding_forward(ids, W):
    """Return out = the rows of W picked by ids.

    ids: an integer array of any shape, e.g. (N,) or (N, T), each id in 0 … V−1.
    W: the embedding table, shape (V, D).
    out: shape ids.shape + (D,); out[n, t] = W[ids[n, t]].
    """
    # TODO: index W with ids
    raise NotImplementedError("write embedding_forward()")


def embedding_backward(dout, ids, vocab_size):
    """Return dW, the gradient of the loss with respect to W, shape (vocab_size, D).

    dout: the upstream gradient, shape ids.shape + (D,). Every occurrence of an id adds its dout
    to that id's row; ids that never occur get rows of zeros.
    """
    # TODO: dW = zeros of shape (vocab_size, D)
    # TODO: add dout into the rows of dW named by ids, once per occurrence (repeated ids add up)
    raise NotImplementedError("write embedding_backward()")
