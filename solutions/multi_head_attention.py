"""Reference solution: multi-head self-attention without biases, built on scaled dot-product attention
(the learner's own function from the attention exercise, in the sandbox)."""

from attention import scaled_dot_product_attention


def split_heads(z, num_heads):
    """(N, T, D) → (N, num_heads, T, dk): head h gets columns h·dk … (h+1)·dk − 1."""
    N, T, D = z.shape
    return z.reshape(N, T, num_heads, D // num_heads).transpose(0, 2, 1, 3)


def merge_heads(z):
    """(N, num_heads, T, dk) → (N, T, D), the heads side by side in order."""
    N, num_heads, T, dk = z.shape
    return z.transpose(0, 2, 1, 3).reshape(N, T, num_heads * dk)


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, mask=None):
    q, k, v = (split_heads(x @ W, num_heads) for W in (Wq, Wk, Wv))
    # Every head is one batch entry more: attention scales by √dk (q's last size) and broadcasts the
    # mask against the scores (N, num_heads, T, T).
    heads, _ = scaled_dot_product_attention(q, k, v, mask)
    return merge_heads(heads) @ Wo
