import numpy as np


def split_heads(z, num_heads):
    N, T, D = z.shape
    return z.reshape(N, T, num_heads, D // num_heads).transpose(0, 2, 1, 3)


def merge_heads(z):
    N, num_heads, T, dk = z.shape
    return z.transpose(0, 2, 1, 3).reshape(N, T, num_heads * dk)


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, mask=None):
    q, k, v = (split_heads(x @ W, num_heads) for W in (Wq, Wk, Wv))
    scores = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -1e9)
    scores = scores - scores.max(axis=-2, keepdims=True)
    weights = np.exp(scores) / np.exp(scores).sum(axis=-2, keepdims=True)
    return merge_heads(weights @ v) @ Wo
