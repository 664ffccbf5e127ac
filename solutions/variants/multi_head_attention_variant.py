"""A correct multi_head_attention written differently: a loop over heads with column slices and its own attention."""

import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, mask=None):
    N, T, D = x.shape
    dk = D // num_heads
    q, k, v = x @ Wq, x @ Wk, x @ Wv
    keep = None if mask is None else np.broadcast_to(np.asarray(mask, dtype=bool), (N, num_heads, T, T))
    outputs = []
    for head in range(num_heads):
        columns = slice(head * dk, (head + 1) * dk)
        scores = np.einsum("ntd,nsd->nts", q[..., columns], k[..., columns]) / np.sqrt(dk)
        if keep is not None:
            scores = np.where(keep[:, head], scores, -1e9)
        weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
        weights /= weights.sum(axis=-1, keepdims=True)
        outputs.append(np.einsum("nts,nsd->ntd", weights, v[..., columns]))
    return np.concatenate(outputs, axis=-1) @ Wo
