import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    h_t = h0
    for t in range(T):
        h_t = np.tanh(x[:, t] @ Wx + h_t @ Wh + b)
        h[:, t] = h_t
    return h


def birnn_forward(x, forward, backward):
    N = x.shape[0]
    h_forward = rnn_forward(x, np.zeros((N, forward["Wh"].shape[0])),
                            forward["Wx"], forward["Wh"], forward["b"])
    h_backward = rnn_forward(x[:, ::-1], np.zeros((N, backward["Wh"].shape[0])),
                             forward["Wx"], forward["Wh"], forward["b"])[:, ::-1]
    return np.concatenate([h_forward, h_backward], axis=-1)
