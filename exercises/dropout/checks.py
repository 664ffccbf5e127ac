"""Checks for the dropout exercise: the seeded mask and its scale in training, the identity at
inference, and the backward pass with the learner's own cache (against the reference and against
numerical gradients).

The checks look at the learner's output itself (which entries are zero, by what factor the kept
ones are scaled) and name the mistake in its words; exercise.toml's ``expect`` strings are phrases
of these messages."""

import numpy as np

from tutor.grading.api import check, numeric_gradient

HIGH = 0.8  # a rate far from 0.5, so dropping the fraction kept shows
MASK = "keep = np.random.default_rng(seed).random(x.shape) >= rate"


def inputs(rng, n=None, ndim=None):
    """x of shape (N, d1, ..., dk) with no zero entries (so a dropped entry is visible) and
    unequal dimensions; N is 1 in some trials."""
    n = int(rng.choice([1, 2, 3, 5])) if n is None else n
    ndim = int(rng.integers(2, 5)) if ndim is None else ndim
    dims = []
    for _ in range(ndim - 1):
        d = int(rng.integers(2, 7))
        while d in dims or d == n:
            d += 1
        dims.append(d)
    x = rng.normal(size=(n, *dims))
    return x + np.where(x >= 0, 0.05, -0.05)


def diagnose_forward(x, rate, training, expected, got):
    """A sentence naming what is wrong with the learner's output, found by looking at it."""
    if not isinstance(got, np.ndarray) or got.shape != x.shape or not np.all(np.isfinite(got)):
        return ""
    if not training:
        if np.any((got == 0) & (x != 0)):
            return ("Dropout still active at inference: with training=False some entries were zeroed, "
                    "but the output must be x unchanged.")
        if np.allclose(got, x * (1 - rate), rtol=1e-9, atol=0):
            return ("Old, non-inverted dropout: at inference your output is x·(1 − rate). Inverted dropout "
                    "scales while training, so inference is simply out = x.")
        return "With training=False the output should be x itself."
    kept, should_keep = got != 0, expected != 0
    if np.array_equal(kept, should_keep):
        ratio = got[kept] / x[kept]
        if ratio.size and np.allclose(ratio, 1.0, rtol=1e-9, atol=0):
            return (f"Dropout not scaled: the right entries are dropped, but the kept ones are not divided by "
                    f"(1 − rate) = {1 - rate:g}; inverted dropout scales them up so each unit keeps its "
                    f"expected value.")
        return f"The right entries are dropped; the kept ones should be x / (1 − rate) = x / {1 - rate:g}."
    if rate > 0 and np.array_equal(kept, ~should_keep):
        return ("Keep and drop swapped: you keep exactly the entries that should be dropped. rate is the "
                "fraction DROPPED: " + MASK + ", then divide by 1 − rate.")
    dropped = 1 - kept.mean()
    if x.size >= 200 and abs(rate - 0.5) > 0.15 and abs(dropped - (1 - rate)) < abs(dropped - rate):
        return (f"You dropped {dropped:.0%} of the entries with rate={rate:g}: rate is the fraction to DROP "
                f"(like keras.layers.Dropout), not the fraction to keep.")
    return f"Your mask is not the seeded one: draw it exactly as {MASK}, in one call with x's shape."


def forward(t, x, rate, training=True, seed=0, hint=""):
    """Check the learner's forward output; return (learner cache, reference cache)."""
    kwargs = {"training": training, "seed": seed}
    got = t.compare("dropout_forward", (x, rate), kwargs, returns=("out", "cache"), part=0, name_mistakes=False,
                    hint=lambda expected, out: f"{hint} {diagnose_forward(x, rate, training, expected, out)}")
    return got[1], t.reference("dropout_forward", x, rate, **kwargs)[1]


def diagnose_backward(dout, expected, got, rate):
    if not isinstance(got, np.ndarray) or got.shape != dout.shape or rate == 0:
        return ""
    kept = expected != 0
    if np.allclose(got, expected * (1 - rate), rtol=1e-9, atol=0):
        return (f"The backward pass forgets the 1/(1 − rate) scale: dx misses the factor 1/{1 - rate:g} that the "
                f"forward pass applied to the kept entries (dx = dout · keep / (1 − rate)).")
    if np.allclose(got, dout, rtol=1e-9, atol=0) and not np.all(kept):
        return "dx = dout ignores the mask: a dropped entry did not reach the output, so its gradient is 0."
    return ""


def backward(t, dout, caches, rate, expected=None, rtol=1e-7, against=""):
    """Check the learner's dx (from the learner's own cache) against the reference's."""
    t.compare("dropout_backward", (dout, caches[0]), reference_args=(dout, caches[1]), expected=expected, rtol=rtol,
              label=f"dropout_backward(array{dout.shape}, cache)", against=against, name_mistakes=False,
              hint=lambda expected, got: diagnose_backward(dout, expected, got, rate) or "dx has the shape of x.")


# ---------------------------------------------------------------- forward


@check("the lesson's worked example, forward and backward", points=1)
def worked_example(t):
    x = np.array([[0.75, 1.5, 3.0], [-1.5, 3.0, 6.0]])
    caches = forward(t, x, 0.25, seed=0)
    backward(t, np.array([[1.0, -2.0, 3.0], [4.0, 0.5, -1.0]]), caches, 0.25)


@check("training: the seeded mask and the 1/(1 − rate) scale on random shapes", points=3)
def training_forward(t):
    for rng in t.trials(6):
        rate = float(rng.choice([0.1, 0.25, 0.5, 0.8]))
        forward(t, inputs(rng), rate, seed=int(rng.integers(0, 2**31)))


@check("training on a batch of one sample", points=1)
def single_sample(t):
    for rng in t.trials(2):
        forward(t, inputs(rng, n=1, ndim=2), 0.3, seed=int(rng.integers(0, 2**31)))


@check(f"rate is the fraction DROPPED: with rate = {HIGH:g} about {HIGH:.0%} of a large input is zero", points=1)
def rate_is_dropped_fraction(t):
    x = inputs(t.rng, n=40, ndim=2)
    forward(t, x, HIGH, seed=7)
    forward(t, x, 0.1, seed=8)


@check("the same seed gives the same mask; another seed another one", points=1)
def seeds(t):
    x = inputs(t.rng, n=3, ndim=3)
    for seed in (0, 0, 1, 12345):
        forward(t, x, 0.5, seed=seed)


@check("rate = 0 keeps everything: out = x", points=1)
def rate_zero(t):
    for rng in t.trials(2):
        forward(t, inputs(rng), 0.0, seed=3, hint="With rate = 0 nothing is dropped and 1 − rate = 1.")


@check("inference (training=False) is the identity, for every rate", points=2)
def inference(t):
    for rng in t.trials(4):
        x = inputs(rng)
        for rate in (0.2, 0.5, 0.9):
            forward(t, x, rate, training=False, seed=int(rng.integers(0, 100)))


@check("a rate outside [0, 1) raises ValueError", points=1)
def invalid_rate(t):
    x = np.ones((2, 3))
    for rate in (1.0, 1.5, -0.1):
        t.expect_raises("dropout_forward", (x, rate), {"training": True, "seed": 0}, exception="ValueError",
                        why=" (rate is the fraction dropped, 0 ≤ rate < 1)")


# ---------------------------------------------------------------- backward


@check("backward with your own cache, random shapes and rates", points=3)
def backward_random(t):
    for rng in t.trials(6):
        x, rate = inputs(rng), float(rng.choice([0.1, 0.25, 0.5, 0.8]))
        caches = forward(t, x, rate, seed=int(rng.integers(0, 2**31)))
        backward(t, rng.normal(size=x.shape), caches, rate)


@check("backward after an inference forward pass is dx = dout", points=1)
def backward_inference(t):
    for rng in t.trials(2):
        x = inputs(rng)
        caches = forward(t, x, 0.5, training=False, seed=1)
        backward(t, rng.normal(size=x.shape), caches, 0.5)


@check("backward agrees with numerical gradients (random upstream gradient)", points=1)
def backward_numeric(t):
    for rng in t.trials(3):
        x, rate = inputs(rng, ndim=int(rng.integers(2, 4))), float(rng.choice([0.25, 0.5]))
        seed = int(rng.integers(0, 2**31))
        dout = rng.normal(size=x.shape)
        # Dropout is linear in x once the mask is fixed, so centred differences are exact up to rounding.
        expected = numeric_gradient(lambda v: t.reference("dropout_forward", v, rate, seed=seed)[0], x, dout, h=1e-3)
        backward(t, dout, forward(t, x, rate, seed=seed), rate, expected, rtol=1e-6, against="numerical gradients")
