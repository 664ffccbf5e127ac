from attention import scaled_dot_product_attention


def split_heads(z, num_heads):
    N, T, D = z.shape
    return z.reshape(N, num_heads, T, D // num_heads)


def merge_heads(z):
    N, num_heads, T, dk = z.shape
    return z.reshape(N, T, num_heads * dk)


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, mask=None):
    q, k, v = (split_heads(x @ W, num_heads) for W in (Wq, Wk, Wv))
    heads, _ = scaled_dot_product_attention(q, k, v, mask)
    return merge_heads(heads) @ Wo
