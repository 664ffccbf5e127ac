"""A correct transformer_block written differently: self-contained, with einsum heads and its own layer norm."""

import numpy as np


def normalize(z, gamma, beta, eps=1e-5):
    centred = z - z.mean(axis=-1, keepdims=True)
    return gamma * centred / np.sqrt((centred ** 2).mean(axis=-1, keepdims=True) + eps) + beta


def attend(z, p, num_heads, mask):
    N, T, D = z.shape
    dk = D // num_heads
    q, k, v = (np.einsum("ntd,de->nte", z, p[w]).reshape(N, T, num_heads, dk) for w in ("Wq", "Wk", "Wv"))
    scores = np.einsum("nthd,nshd->nhts", q, k) / np.sqrt(dk)
    if mask is not None:
        scores = np.where(np.asarray(mask, dtype=bool), scores, -1e9)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return np.einsum("nhts,nshd->nthd", weights, v).reshape(N, T, D) @ p["Wo"]


def transformer_block(x, params, num_heads, mask=None):
    p = params
    h = x + attend(normalize(x, p["ln1_gamma"], p["ln1_beta"]), p, num_heads, mask)
    hidden = normalize(h, p["ln2_gamma"], p["ln2_beta"]) @ p["W1"] + p["b1"]
    return h + np.clip(hidden, 0.0, None) @ p["W2"] + p["b2"]
