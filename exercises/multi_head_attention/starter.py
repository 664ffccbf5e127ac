"""Multi-head self-attention (no biases), built on your scaled dot-product attention."""

import numpy as np
from attention import scaled_dot_product_attention  # your function from the attention exercise


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, mask=None):
    """Return out, shape (N, T, D).

    x: shape (N, T, D). Wq, Wk, Wv, Wo: shape (D, D). num_heads divides D; dk = D // num_heads.
    Head h uses columns h·dk … (h+1)·dk − 1 of q = x @ Wq, k = x @ Wk and v = x @ Wv; its scores are
    scaled by 1/√dk and softmaxed over the keys. mask: None, or a boolean array broadcastable to
    (N, num_heads, T, T), True = attend; masked scores become −1e9 (as in your attention).
    The heads' outputs are concatenated in order, (N, T, D), then multiplied by Wo.
    """
    # TODO: q, k, v = x @ Wq, x @ Wk, x @ Wv
    # TODO: split each into heads: (N, T, D) → (N, T, num_heads, dk) → (N, num_heads, T, dk)
    # TODO: attend in every head at once: scaled_dot_product_attention(q, k, v, mask)
    # TODO: merge: (N, num_heads, T, dk) → (N, T, num_heads, dk) → (N, T, D); then @ Wo
    raise NotImplementedError("write multi_head_attention()")
