"""Checks for the multi_head_attention exercise: self-attention with 1 to 4 heads (N ≠ T ≠ D, a batch
of one), causal, padding and per-sample masks. When the values are wrong, the check recomputes the
layer with each known mistake in the head layout, the scale, the softmax axis, the mask and the
output projection, and names the one (or the two) that the learner's values match."""

import numpy as np

from tutor.grading.api import check, matching_variant

LAYOUTS = {
    "right": None,
    "reshape only": "the heads are split with a reshape alone, (N, T, D) → (N, num_heads, T, dk), so a head mixes "
                    "positions and columns: reshape to (N, T, num_heads, dk), then transpose to (N, num_heads, T, dk), "
                    "and back the same way before merging",
    "merge": "the heads are merged without transposing back: (N, num_heads, T, dk) must become (N, T, num_heads, dk) "
             "before the reshape to (N, T, D)",
    "split": "the heads are split without the transpose, (N, num_heads, T, dk) read straight from a reshape of "
             "(N, T, D): reshape to (N, T, num_heads, dk), then transpose",
    "none": "the heads are never split: that is one attention over all D columns, single-head attention",
}
SCALES = {"dk": None, "none": "the scores are not divided by √dk",
          "D": "the scores are divided by √D, the model width, instead of √dk = √(D / num_heads)"}
AXES = {-1: None, -2: "the softmax runs over the queries (axis −2) instead of the keys (the last axis)"}
MASKS = {"right": None, "inverted": "the mask is inverted (True means attend: the False positions get −1e9)",
         "ignored": "the mask is ignored", "zero": "masked scores are set to 0 instead of −1e9"}
OUTPUTS = {True: None, False: "the output projection is missing: the concatenated heads are multiplied by Wo"}
USES_ATTENTION = ("(If your function calls your scaled_dot_product_attention, that exercise must pass first: its "
                  "scale, softmax and mask are the ones used here.)")
DEFAULT_HINT = ("out = concat(head_1, …, head_h) @ Wo with head_i = attention(q_i, k_i, v_i) on the columns of head i "
                "of x @ Wq, x @ Wk and x @ Wv. " + USES_ATTENTION)


def softmax(z, axis):
    z = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def variant(x, Wq, Wk, Wv, Wo, num_heads, mask=None, layout="right", scale="dk", axis=-1, masking="right",
            output=True):
    """Multi-head attention written with known mistakes (the defaults give the right layer)."""
    N, T, D = x.shape
    dk = D // num_heads

    def heads(z):
        if layout == "none":
            return z[:, None]
        if layout in ("reshape only", "split"):
            return z.reshape(N, num_heads, T, dk)
        return z.reshape(N, T, num_heads, dk).transpose(0, 2, 1, 3)

    q, k, v = heads(x @ Wq), heads(x @ Wk), heads(x @ Wv)
    factor = {"dk": 1 / np.sqrt(dk), "none": 1.0, "D": 1 / np.sqrt(D)}[scale]
    scores = q @ np.swapaxes(k, -1, -2) * factor
    if mask is not None:
        keep = np.broadcast_to(np.asarray(mask, dtype=bool), scores.shape)
        scores = {"right": np.where(keep, scores, -1e9), "inverted": np.where(keep, -1e9, scores),
                  "ignored": scores, "zero": np.where(keep, scores, 0.0)}[masking]
    out = softmax(scores, axis) @ v
    if layout == "none":
        merged = out[:, 0]
    elif layout in ("reshape only", "merge"):
        merged = out.reshape(N, T, D)
    else:
        merged = out.transpose(0, 2, 1, 3).reshape(N, T, D)
    return merged @ Wo if output else merged


def attend(t, x, Wq, Wk, Wv, Wo, num_heads, mask=None, hint=""):
    """Compare the learner's output with the reference; name the known mistakes its values match."""
    masked = () if mask is None else (mask,)

    def diagnose(expected, got):
        masks = MASKS if mask is not None else {"right": None}
        found = isinstance(got, np.ndarray) and got.shape == expected.shape and matching_variant(
            lambda layout, scale, *rest: None if (layout, scale) == ("none", "dk") else variant(
                x, Wq, Wk, Wv, Wo, num_heads, mask, layout, scale, *rest), (LAYOUTS, SCALES, AXES, masks, OUTPUTS), got)
        if not found:
            return ""
        attention = any(text in found for text in (*SCALES.values(), *AXES.values(), *masks.values()) if text)
        return "Your values match multi-head attention where " + " and ".join(found) + "." + (
            f" {USES_ATTENTION}" if attention else "")

    def advice(expected, got):
        if num_heads > 1 and t.passes("multi_head_attention", (x, Wq, Wk, Wv, Wo, 1, *masked)):
            return ("With num_heads = 1 your function is right: look at how the heads are split and merged (head h "
                    "takes columns h·dk … (h+1)·dk − 1 of the projections).")
        return "" if diagnose(expected, got) else hint or DEFAULT_HINT

    t.compare("multi_head_attention", (x, Wq, Wk, Wv, Wo, num_heads, *masked), explain=diagnose, hint=advice,
              label=(f"multi_head_attention(x: {x.shape}, W: {Wq.shape}, num_heads={num_heads}"
                     + ("" if mask is None else f", mask: {np.shape(mask)}") + ")"))


def layer(rng, num_heads=None, n=None, t=None):
    """x (N, T, D) and four (D, D) projections, D = num_heads · dk, with N, T and D different."""
    num_heads = int(rng.integers(2, 5)) if num_heads is None else num_heads
    dk = int(rng.integers(1, 5))
    D = num_heads * dk
    D = D + num_heads if D < 3 else D
    n = int(rng.choice([1, 2, 3])) if n is None else n
    t = int(rng.integers(2, 7)) if t is None else t
    t = t + 1 if t in (D, n) else t
    weights = [rng.normal(scale=1.0 / np.sqrt(D), size=(D, D)) for _ in range(4)]
    return (rng.normal(size=(n, t, D)), *weights, num_heads)


@check("the lesson's worked example: two heads, identity projections", points=1)
def worked_example(t):
    x = np.array([[[1.0, 0.0, 1.0, 0.0], [0.0, 2.0, 0.0, 1.0]]])
    eye = np.eye(4)
    attend(t, x, eye, eye, eye, eye, 2,
           hint="The lesson works this example out: out = [[0.6698, 0.6605, 0.6698, 0.3302], "
                "[0.0558, 1.8884, 0.3302, 0.6698]].")


@check("one head: scaled dot-product attention of the projections, then Wo", points=1)
def one_head(t):
    for rng in t.trials(2):
        attend(t, *layer(rng, num_heads=1))


@check("several heads, no mask (N ≠ T ≠ D, a batch of one)", points=3)
def several_heads(t):
    for index, rng in enumerate(t.trials(5)):
        attend(t, *layer(rng, n=1 if index == 0 else None))


@check("a causal mask of shape (T, T), shared by every sample and head", points=2)
def causal(t):
    for rng in t.trials(3):
        args = layer(rng)
        T = args[0].shape[1]
        attend(t, *args, mask=np.tril(np.ones((T, T), dtype=bool)),
               hint="The mask broadcasts against the scores (N, num_heads, T, T): query t sees keys 0 … t only.")


@check("a padding mask (N, 1, 1, T) and a per-sample mask (N, 1, T, T)", points=2)
def padding(t):
    for index, rng in enumerate(t.trials(4)):
        args = layer(rng, n=int(rng.integers(2, 4)))
        N, T = args[0].shape[:2]
        if index % 2 == 0:
            lengths = rng.integers(1, T + 1, size=N)
            mask = (np.arange(T)[None, :] < lengths[:, None])[:, None, None, :]
        else:
            mask = rng.random((N, 1, T, T)) < 0.6
            mask[:, :, np.arange(T), np.arange(T)] = True  # no query without a key
        attend(t, *args, mask=mask,
               hint="A mask of shape (N, 1, 1, T) or (N, 1, T, T) broadcasts over the heads: pass it to the "
                    "attention of all heads at once.")
