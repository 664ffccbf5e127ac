"""Checks for the transformer_block exercise: the pre-LN block on random shapes with one and several
heads, a causal and a padding mask, and each sublayer on its own (the other one's output zeroed).
When the values are wrong, the check recomputes the block with each known mistake (post-LN, a
missing residual, the ReLU in the wrong place, shared LayerNorm parameters, …) and names the one
(or two) that the learner's values match."""

import numpy as np

from tutor.grading.api import check, matching_variant

EPS = 1e-5
USES = ("Your block calls your layernorm_forward and multi_head_attention: those exercises must pass first.")
NORMS = {"pre": None,
         "post": "the block is post-LN (LayerNorm after each residual sum, as in the original Transformer: "
                 "h = LN₁(x + MHA(x))); this exercise asks for pre-LN, h = x + MHA(LN₁(x)), "
                 "out = h + FFN(LN₂(h))",
         "none": "the LayerNorms are missing: each sublayer reads LN(its input), h = x + MHA(LN₁(x))"}
RESIDUALS = {(True, True): None,
             (False, True): "the attention sublayer has no residual connection: h = x + MHA(LN₁(x)), x added back",
             (True, False): "the feed-forward sublayer has no residual connection: out = h + FFN(LN₂(h))",
             (False, False): "neither sublayer has its residual connection (x + …, h + …)"}
RELUS = {"hidden": None,
         "output": "the ReLU is applied to the feed-forward output, after W2; it belongs between the two layers: "
                   "relu(LN₂(h) @ W1 + b1) @ W2 + b2",
         "none": "the feed-forward network has no ReLU: relu(LN₂(h) @ W1 + b1) @ W2 + b2"}
LN2 = {"own": None, "ln1": "the second LayerNorm uses ln1_gamma and ln1_beta; it has its own, ln2_gamma and ln2_beta"}
FFN_INPUTS = {"h": None, "x": "the feed-forward sublayer reads x instead of h, the output of the attention sublayer: "
                              "out = h + FFN(LN₂(h))"}
MASKS = {"passed": None, "dropped": "the mask is not passed on to multi_head_attention"}


def layernorm(x, gamma, beta):
    x_hat = (x - x.mean(axis=-1, keepdims=True)) / np.sqrt(x.var(axis=-1, keepdims=True) + EPS)
    return gamma * x_hat + beta


def attention(x, p, num_heads, mask):
    N, T, D = x.shape
    dk = D // num_heads
    q, k, v = (np.transpose((x @ p[w]).reshape(N, T, num_heads, dk), (0, 2, 1, 3)) for w in ("Wq", "Wk", "Wv"))
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(dk)
    if mask is not None:
        scores = np.where(np.asarray(mask, dtype=bool), scores, -1e9)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)
    return np.transpose(weights @ v, (0, 2, 1, 3)).reshape(N, T, D) @ p["Wo"]


def variant(x, p, num_heads, mask=None, norm="pre", residual=(True, True), relu="hidden", ln2="own", ffn_input="h",
            masking="passed"):
    """The block written with known mistakes (the defaults give the right block)."""
    g2, b2 = (p["ln2_gamma"], p["ln2_beta"]) if ln2 == "own" else (p["ln1_gamma"], p["ln1_beta"])
    mask = mask if masking == "passed" else None

    def ffn(z):
        hidden = z @ p["W1"] + p["b1"]
        hidden = np.maximum(0.0, hidden) if relu == "hidden" else hidden
        out = hidden @ p["W2"] + p["b2"]
        return np.maximum(0.0, out) if relu == "output" else out

    if norm == "post":
        h = layernorm((x if residual[0] else 0.0) + attention(x, p, num_heads, mask), p["ln1_gamma"], p["ln1_beta"])
        inner = h if ffn_input == "h" else x
        return layernorm((h if residual[1] else 0.0) + ffn(inner), g2, b2)
    norm1 = (lambda z: layernorm(z, p["ln1_gamma"], p["ln1_beta"])) if norm == "pre" else (lambda z: z)
    norm2 = (lambda z: layernorm(z, g2, b2)) if norm == "pre" else (lambda z: z)
    h = (x if residual[0] else 0.0) + attention(norm1(x), p, num_heads, mask)
    return (h if residual[1] else 0.0) + ffn(norm2(h if ffn_input == "h" else x))


def run(t, x, params, num_heads, mask=None, hint="", what=""):
    """Compare the learner's block with the reference; name the known mistakes its values match."""
    def diagnose(expected, got):
        masks = MASKS if mask is not None else {"passed": None}
        found = isinstance(got, np.ndarray) and got.shape == expected.shape and matching_variant(
            lambda *c: variant(x, params, num_heads, mask, *c), (NORMS, RESIDUALS, RELUS, LN2, FFN_INPUTS, masks), got)
        return "Your values match a block where " + " and ".join(found) + "." if found else ""

    args = (x, params, num_heads) + (() if mask is None else (mask,))
    t.compare("transformer_block", args, explain=diagnose, context=USES,
              label=(f"transformer_block(x: {x.shape}, params with F = {params['W1'].shape[1]}, num_heads={num_heads}"
                     + ("" if mask is None else f", mask: {np.shape(mask)}") + ")" + what),
              hint=hint or "h = x + multi_head_attention(LN(x; ln1), …, mask), then out = h + relu(LN(h; ln2) @ W1 + b1) "
                           "@ W2 + b2, LayerNorm eps 1e-5.")


def block(rng, num_heads=None, n=None):
    """x (N, T, D) and the block's parameters: D = num_heads · dk, a hidden width F ≠ D, N ≠ T ≠ D."""
    num_heads = int(rng.integers(2, 4)) if num_heads is None else num_heads
    D = num_heads * int(rng.integers(1, 4))
    D = D + num_heads if D < 3 else D
    F = int(rng.integers(D + 1, 2 * D + 3))
    n = int(rng.choice([1, 2, 3])) if n is None else n
    T = int(rng.integers(2, 6))
    T = T + 1 if T in (D, n) else T

    def weight(rows, cols):
        return rng.normal(scale=1.0 / np.sqrt(rows), size=(rows, cols))

    params = {"ln1_gamma": 1 + 0.3 * rng.normal(size=D), "ln1_beta": 0.3 * rng.normal(size=D),
              "Wq": weight(D, D), "Wk": weight(D, D), "Wv": weight(D, D), "Wo": weight(D, D),
              "ln2_gamma": 1 + 0.3 * rng.normal(size=D), "ln2_beta": 0.3 * rng.normal(size=D),
              "W1": weight(D, F), "b1": 0.3 * rng.normal(size=F), "W2": weight(F, D), "b2": 0.3 * rng.normal(size=D)}
    return rng.normal(scale=2.0, size=(n, T, D)) + rng.normal(size=(n, T, 1)), params, num_heads


@check("the lesson's worked example, without and with a causal mask", points=1)
def worked_example(t):
    eye = np.eye(2)
    params = {"ln1_gamma": np.ones(2), "ln1_beta": np.zeros(2), "Wq": eye, "Wk": eye, "Wv": eye, "Wo": eye,
              "ln2_gamma": np.ones(2), "ln2_beta": np.array([0.0, 0.5]),
              "W1": np.array([[1.0, -1.0, 0.5], [0.0, 1.0, 1.0]]), "b1": np.array([0.0, 0.0, -0.5]),
              "W2": np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), "b2": np.array([0.0, 0.1])}
    x = np.array([[[1.0, -1.0], [0.0, 2.0]]])
    run(t, x, params, 1, hint="The lesson works this example out: out = [[2.8884, −1.7884], [−0.3884, 5.9884]].")
    run(t, x, params, 1, np.tril(np.ones((2, 2), dtype=bool)),
        hint="With the causal mask the first token sees only itself: out[0] = [3, −1.9].")


@check("one head, random shapes (N ≠ T ≠ D, F ≠ D)", points=1)
def one_head(t):
    for rng in t.trials(2):
        run(t, *block(rng, num_heads=1))


@check("several heads, random shapes, a batch of one", points=3)
def several_heads(t):
    for index, rng in enumerate(t.trials(4)):
        run(t, *block(rng, n=1 if index == 0 else None))


@check("a causal mask (T, T) and a padding mask (N, 1, 1, T)", points=2)
def masked(t):
    for index, rng in enumerate(t.trials(4)):
        x, params, num_heads = block(rng, n=int(rng.integers(2, 4)))
        N, T = x.shape[:2]
        if index % 2 == 0:
            mask = np.tril(np.ones((T, T), dtype=bool))
        else:
            lengths = rng.integers(1, T + 1, size=N)
            mask = (np.arange(T)[None, :] < lengths[:, None])[:, None, None, :]
        run(t, x, params, num_heads, mask, hint="The mask goes to multi_head_attention unchanged.")


@check("each sublayer on its own: the other sublayer's output zeroed", points=2)
def sublayers(t):
    x, params, num_heads = block(t.rng, n=2)
    no_ffn = {**params, "W2": np.zeros_like(params["W2"]), "b2": np.zeros_like(params["b2"])}
    run(t, x, no_ffn, num_heads, what=" with W2 = 0 and b2 = 0",
        hint="With the feed-forward output zeroed, out = h = x + MHA(LN₁(x)): the attention sublayer "
             "(LayerNorm 1, the attention, its residual) is wrong.")
    no_attention = {**params, "Wo": np.zeros_like(params["Wo"])}
    run(t, x, no_attention, num_heads, what=" with Wo = 0",
        hint="With the attention output zeroed, h = x and out = x + relu(LN₂(x) @ W1 + b1) @ W2 + b2: the "
             "feed-forward sublayer (LayerNorm 2, W1, the ReLU, W2, its residual) is wrong.")
