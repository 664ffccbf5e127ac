"""A correct embedding written differently: one-hot products forward and backward."""

import numpy as np


def embedding_forward(ids, W):
    one_hot = np.eye(W.shape[0])[ids]                       # ids.shape + (V,)
    return np.tensordot(one_hot, W, axes=([-1], [0]))


def embedding_backward(dout, ids, vocab_size):
    one_hot = np.eye(vocab_size)[np.ravel(ids)]             # (positions, V)
    return one_hot.T @ dout.reshape(-1, dout.shape[-1])
