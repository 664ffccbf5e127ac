"""Reference solution: a pre-LayerNorm Transformer block, built on layer normalization and
multi-head attention (the learner's own functions from those exercises, in the sandbox)."""

import numpy as np
from layernorm import layernorm_forward
from multi_head_attention import multi_head_attention

EPS = 1e-5


def transformer_block(x, params, num_heads, mask=None):
    p = params
    # Pre-LN: each sublayer normalizes its own input and adds its output to the residual stream,
    # which itself is never normalized.
    a, _ = layernorm_forward(x, p["ln1_gamma"], p["ln1_beta"], EPS)
    h = x + multi_head_attention(a, p["Wq"], p["Wk"], p["Wv"], p["Wo"], num_heads, mask)
    b, _ = layernorm_forward(h, p["ln2_gamma"], p["ln2_beta"], EPS)
    return h + np.maximum(0.0, b @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
