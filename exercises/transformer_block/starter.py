"""A pre-LayerNorm Transformer block, built on your layer normalization and multi-head attention."""

import numpy as np
from layernorm import layernorm_forward  # your function from the layernorm exercise
from multi_head_attention import multi_head_attention  # your function from the multi_head_attention exercise


def transformer_block(x, params, num_heads, mask=None):
    """Return out, shape (N, T, D), of one pre-LN Transformer block:

        h   = x + multi_head_attention(LN(x; ln1_gamma, ln1_beta), Wq, Wk, Wv, Wo, num_heads, mask)
        out = h + relu(LN(h; ln2_gamma, ln2_beta) @ W1 + b1) @ W2 + b2

    x: shape (N, T, D). params: a dict with ln1_gamma, ln1_beta, ln2_gamma, ln2_beta (D,); Wq, Wk,
    Wv, Wo (D, D); W1 (D, F), b1 (F,), W2 (F, D), b2 (D,). LayerNorm eps: 1e-5 (your default).
    mask: None or a boolean mask for the attention, True = attend.
    """
    # TODO: the attention sublayer: normalize x with ln1, attend, add x back
    # TODO: the feed-forward sublayer: normalize h with ln2, W1 + b1, ReLU, W2 + b2, add h back
    raise NotImplementedError("write transformer_block()")
