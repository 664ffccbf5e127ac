"""Checks for the attention exercise: scaled dot-product attention with and without masks, on
batched inputs of several ranks. When the values are wrong, the check recomputes attention with
each known wrong scale, softmax axis and mask handling and names the one the learner's matches."""

import numpy as np

from tutor.grading.api import LearnerError, check, is_are, listed, matching_variant, named_mistake, sentences

SCALES = {
    "right": None,
    "none": "the scores are not divided by √d_k",
    "d": "the scores are divided by d_k instead of √d_k",
    "dv": "the scores are divided by √d_v (v's last size) instead of √d_k, with d_k = q.shape[-1]",
    "times": "the scores are multiplied by √d_k instead of divided by it",
}
AXES = {
    -1: None,
    -2: "the softmax runs over the queries (axis −2) instead of the keys (the last axis), so a query's "
        "weights do not sum to 1",
}
MASKS = {
    "right": None,
    "zero": "masked scores are set to 0 instead of −1e9 (a score of 0 still gets weight)",
    "inverted": "the mask is inverted (True means attend, Keras' convention: the False positions get −1e9)",
    "ignored": "the mask is ignored",
    "after": "the mask is applied to the weights after the softmax, so the rows no longer sum to 1 (mask "
             "the scores before the softmax)",
    "inf": "masked scores are set to −inf, so a fully masked row gives NaN (use −1e9)",
    "subtract": "1e9 is subtracted from the masked scores instead of replacing them, so a fully masked row "
                "does not get uniform weights",
}


def softmax(z, axis):
    z = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def variant(q, k, v, mask, scale="right", axis=-1, masking="right"):
    """Attention computed with a known wrong scale, axis or mask handling (defaults: right)."""
    d_k, d_v = q.shape[-1], v.shape[-1]
    factor = {"right": 1 / np.sqrt(d_k), "none": 1.0, "d": 1 / d_k, "dv": 1 / np.sqrt(d_v),
              "times": np.sqrt(d_k)}[scale]
    scores = q @ np.swapaxes(k, -1, -2) * factor
    keep = None if mask is None else np.broadcast_to(np.asarray(mask, dtype=bool), scores.shape)
    if keep is not None:
        if masking == "right":
            scores = np.where(keep, scores, -1e9)
        elif masking == "zero":
            scores = np.where(keep, scores, 0.0)
        elif masking == "inverted":
            scores = np.where(keep, -1e9, scores)
        elif masking == "inf":
            scores = np.where(keep, scores, -np.inf)
        elif masking == "subtract":
            scores = scores - 1e9 * ~keep
    with np.errstate(all="ignore"):
        weights = softmax(scores, axis)
    if keep is not None and masking == "after":
        weights = weights * keep
    return weights @ v, weights


def diagnose(args, got):
    """'The scale is wrong: …', naming the scale, axis and/or mask variant that the learner's matches."""
    q, k, v, mask = (tuple(args) + (None,))[:4]
    masks = MASKS if mask is not None else {"right": None}
    dimensions = {"the scale": SCALES, "the softmax axis": AXES, "the mask": masks}
    if not (found := matching_variant(lambda *c: variant(q, k, v, mask, *c), dimensions.values(), got, most=3)):
        return ""
    parts = [part for part, texts in dimensions.items() if set(found) & set(texts.values())]
    return f"{listed(parts).capitalize()} {is_are(parts)} wrong: your values match attention where {' and '.join(found)}."


# The same words as the mutant k_transposed's mistake, so the class summary counts them together.
ALL_AXES = ("k.T (or np.transpose(k)) reverses every axis of a batched k: (…, Tk, d_k) becomes (d_k, Tk, …). "
            "Swap only the last two: q @ np.swapaxes(k, -1, -2)")


def unbatched(args):
    """The first batch element of batched inputs, as a single (Tq, d_k) / (Tk, d_k) problem."""
    q, k, v = (np.reshape(a, (-1, *np.shape(a)[-2:]))[0] for a in args[:3])
    mask = args[3] if len(args) > 3 else None
    if mask is not None:
        full = np.broadcast_to(np.asarray(mask, dtype=bool), (*np.shape(args[0])[:-1], np.shape(args[1])[-2]))
        mask = full.reshape(-1, *full.shape[-2:])[0].copy()
    return (q, k, v) if mask is None else (q, k, v, mask)


def batched_only(t, args) -> bool:
    """Whether the learner's attention is right on the first batch element alone."""
    try:
        single = unbatched(args)
    except ValueError:  # a mask that does not broadcast
        return False
    return t.passes("scaled_dot_product_attention", single)


def attend(t, args, hint=""):
    """Compare the learner's (out, weights) with the reference; explain what differs."""
    q, k, v = args[:3]
    mask = args[3] if len(args) > 3 else None
    label = (f"scaled_dot_product_attention(q: {q.shape}, k: {k.shape}, v: {v.shape}"
             + ("" if mask is None else f", mask: {np.shape(mask)}") + ")")
    try:
        got = t.run("scaled_dot_product_attention", args, label=label, returns=("out", "weights"))
    except LearnerError as crashed:  # batched inputs crash, one batch element works: the transpose of k
        if crashed.mistake or np.ndim(k) < 3 or "ValueError" not in str(crashed) or not batched_only(t, args):
            raise
        raised = str(crashed).split(" raised ", 1)[-1]
        raise LearnerError(sentences(f"{label} crashed", named_mistake(ALL_AXES), f"(Python said: {raised})"),
                           crashed.traceback, ALL_AXES) from None
    expected, call = t.reference("scaled_dot_product_attention", *args), ("scaled_dot_product_attention", args, {})

    def explain(*_):
        shaped = all(isinstance(g, np.ndarray) and g.shape == e.shape for e, g in zip(expected, got))
        return diagnose(args, tuple(got)) if shaped else ""

    t.expect_match(expected[1], got[1], label=f"weights of {label}", explain=explain, hint=hint, mutant_call=call, part=1)
    t.expect_match(expected[0], got[0], label=f"your weights are right but out of {label} is not", explain=explain,
                   hint=sentences("out = weights @ v.", hint), mutant_call=call, part=0)


def shapes(rng, lead=None):
    """q (..., Tq, d_k), k (..., Tk, d_k), v (..., Tk, d_v) with Tq ≠ Tk and d_k ≠ d_v."""
    lead = [(), (int(rng.integers(1, 4)),), (2, int(rng.integers(1, 4)))][int(rng.integers(0, 3))] \
        if lead is None else lead
    tq, tk = int(rng.integers(1, 5)), int(rng.integers(2, 6))
    tk = tk + 1 if tk == tq else tk
    d_k, d_v = int(rng.integers(2, 6)), int(rng.integers(1, 5))
    d_v = d_v + 1 if d_v == d_k else d_v
    return (rng.normal(size=(*lead, tq, d_k)), rng.normal(size=(*lead, tk, d_k)),
            rng.normal(size=(*lead, tk, d_v)))


@check("the lesson's worked example, without and with a mask", points=1)
def worked_example(t):
    q = np.array([[1.0, 0.0], [0.0, 2.0]])
    k = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    v = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 2.0]])
    attend(t, (q, k, v), hint="The lesson works it out: weights [[0.4011, 0.1978, 0.4011], "
                              "[0.1084, 0.4458, 0.4458]].")
    mask = np.array([[True, True, False], [False, False, False]])
    attend(t, (q, k, v, mask), hint="With the mask: weights [[0.6698, 0.3302, 0], [1/3, 1/3, 1/3]].")


@check("no mask: random shapes, with and without batch and head axes (Tq ≠ Tk, d_k ≠ d_v)", points=3)
def unmasked(t):
    for rng in t.trials(6):
        attend(t, shapes(rng))


@check("a key-padding mask of shape (B, 1, Tk)", points=2)
def padding_mask(t):
    for rng in t.trials(4):
        q, k, v = shapes(rng, lead=(int(rng.integers(1, 4)),))
        B, Tk = k.shape[0], k.shape[1]
        lengths = rng.integers(1, Tk + 1, size=B)
        mask = (np.arange(Tk)[None, :] < lengths[:, None])[:, None, :]
        attend(t, (q, k, v, mask),
               hint="The mask broadcasts against the scores (B, Tq, Tk): keys where it is False get no weight.")


@check("a causal mask of shape (Tq, Tk) for every batch element", points=2)
def causal_mask(t):
    for rng in t.trials(3):
        T = int(rng.integers(2, 6))
        lead = (int(rng.integers(1, 3)),)
        d_k, d_v = 3, 2
        q, k, v = (rng.normal(size=(*lead, T, d_k)), rng.normal(size=(*lead, T, d_k)),
                   rng.normal(size=(*lead, T, d_v)))
        attend(t, (q, k, v, np.tril(np.ones((T, T), dtype=bool))),
               hint="Query i may attend to keys 0 … i only (True below and on the diagonal).")


@check("a fully masked row gives uniform weights, not NaN", points=1)
def fully_masked(t):
    q, k, v = shapes(t.rng, lead=(2,))
    mask = np.ones((2, q.shape[-2], k.shape[-2]), dtype=bool)
    mask[0, 0, :] = False
    mask[1] = False
    attend(t, (q, k, v, mask),
           hint="Set masked scores to −1e9 (not −inf): a row where every score is −1e9 gives uniform weights.")


@check("large scores stay finite (a stable softmax)", points=1)
def large_scores(t):
    q, k, v = shapes(t.rng, lead=(2,))
    attend(t, (q * 40.0, k * 40.0, v),
           hint="Subtract each row's maximum score before np.exp, as in the softmax exercise.")
