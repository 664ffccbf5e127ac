"""Checks for the dense exercise: forward values, backward against the reference and against
numerical gradients of the forward pass, with flattened inputs of 2 to 4 dimensions."""

import numpy as np

from tutor.grading.api import LearnerError, check, signature
from tutor.grading.compare import compare as compare_values
from tutor.grading.gradients import numeric_gradient

SHAPES_HINT = "dx has the shape of x, dW the shape of W (D, M), db the shape of b (M,)."


def layer(rng, n=None, ndim=None):
    """x (N, d1, ..., dk), W (D, M), b (M,) with D ≠ M; N is 1 in some trials."""
    n = int(rng.choice([1, 2, 3, 5])) if n is None else n
    ndim = int(rng.integers(2, 5)) if ndim is None else ndim
    dims = [int(d) for d in rng.integers(2, 5, size=ndim - 1)]
    d = int(np.prod(dims))
    m = int(rng.integers(2, 6))
    m = m + 1 if m in (d, n) else m
    return rng.normal(size=(n, *dims)), rng.normal(size=(d, m)), rng.normal(size=m)


def call(t, function, args, label, reference_args=None):
    """The learner's ``function(*args)``; a crash is reported under ``label`` (the cache is not
    printed in full) and named when a known mistake crashes the same way."""
    try:
        return t.call(function, *args)
    except LearnerError as crashed:
        message, full = str(crashed), signature(function, args, {})
        if message.startswith(full):
            message = label + message[len(full):]
        ref_args = args if reference_args is None else reference_args
        if mistake := t.known_crash(crashed, function, ref_args, {}):
            message += f". This matches a known mistake: {mistake}."
        raise LearnerError(message, crashed.traceback) from None


# The same words as the mutant not_flattened's mistake, so the class summary counts them together.
NOT_FLATTENED = "x is not flattened to (N, D) before the product: use x.reshape(x.shape[0], -1)"


def flat_only(t, x, W, b) -> bool:
    """Whether the learner's dense_forward is right once x is flattened to (N, D) by hand."""
    flat = x.reshape(x.shape[0], -1)
    try:
        got = t.call("dense_forward", flat, W, b)
    except LearnerError:
        return False
    expected = t.reference("dense_forward", flat, W, b)[0]
    return isinstance(got, (tuple, list)) and len(got) == 2 and compare_values(expected, got[0], 1e-7) is None


def forward(t, x, W, b):
    """Check the learner's forward output; return (learner cache, reference cache)."""
    args = (x, W, b)
    expected, reference_cache = t.reference("dense_forward", *args)
    label = signature("dense_forward", args, {})
    try:
        got = call(t, "dense_forward", args, label)
    except LearnerError as crashed:  # a crash on (N, d1, ..., dk) that flattening x by hand avoids
        if "known mistake" in str(crashed) or x.ndim <= 2 or not flat_only(t, x, W, b):
            raise
        raise LearnerError(f"{crashed}. Your dense_forward is right on x flattened to (N, D) = "
                           f"{x.reshape(x.shape[0], -1).shape}, so this matches a known mistake: {NOT_FLATTENED}.",
                           crashed.traceback, NOT_FLATTENED) from None
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        t.fail(f"dense_forward() should return a tuple (out, cache), got {t.describe(got)}")
    t.expect_match(expected, got[0], label=f"out of {label}", hint="out = x.reshape(N, -1) @ W + b, shape (N, M).")
    return got[1], reference_cache


def backward(t, dout, caches, expected=None, rtol=1e-7, what=""):
    """Check the learner's (dx, dW, db) against the reference's (or ``expected``)."""
    learner_cache, reference_cache = caches
    label = f"dense_backward(array{dout.shape}, cache)"
    if expected is None:
        expected = t.reference("dense_backward", dout, reference_cache)
    got = call(t, "dense_backward", (dout, learner_cache), label, reference_args=(dout, reference_cache))
    t.expect_match(expected, got, rtol=rtol, label=label + what, hint=SHAPES_HINT,
                   mutant_call=("dense_backward", (dout, reference_cache), {}))


@check("the lesson's worked example, forward and backward", points=1)
def worked_example(t):
    x = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0]])
    W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    b = np.array([0.5, -0.5])
    caches = forward(t, x, W, b)
    backward(t, np.array([[1.0, -1.0], [2.0, 0.0]]), caches)


@check("forward on random (N, D) inputs", points=1)
def forward_2d(t):
    for rng in t.trials(4):
        forward(t, *layer(rng, ndim=2))


@check("forward flattens inputs of shape (N, d1, ..., dk)", points=2)
def forward_nd(t):
    for rng in t.trials(4):
        forward(t, *layer(rng, ndim=int(rng.integers(3, 5))))


@check("backward on random shapes, against the reference", points=3)
def backward_random(t):
    for rng in t.trials(6):
        x, W, b = layer(rng)
        caches = forward(t, x, W, b)
        backward(t, rng.normal(size=(x.shape[0], W.shape[1])), caches)


@check("backward for a batch of one sample", points=1)
def backward_single(t):
    for rng in t.trials(2):
        x, W, b = layer(rng, n=1, ndim=2 + int(rng.integers(0, 2)))
        caches = forward(t, x, W, b)
        backward(t, rng.normal(size=(1, W.shape[1])), caches)


@check("backward agrees with numerical gradients (random upstream gradient)", points=2)
def backward_numeric(t):
    for rng in t.trials(3):
        for _ in range(50):  # skip the rare inputs where rounding noise swamps a tiny gradient entry
            x, W, b = layer(rng)
            dout = rng.normal(size=(x.shape[0], W.shape[1]))

            def out(x_=x, W_=W, b_=b):
                return t.reference("dense_forward", x_, W_, b_)[0]

            # The layer is linear in each single number, so centred differences are exact up to
            # rounding; a larger h keeps that rounding far below the tolerance.
            expected = (numeric_gradient(lambda v: out(x_=v), x, dout, h=1e-3),
                        numeric_gradient(lambda v: out(W_=v), W, dout, h=1e-3),
                        numeric_gradient(lambda v: out(b_=v), b, dout, h=1e-3))
            exact = t.reference("dense_backward", dout, t.reference("dense_forward", x, W, b)[1])
            if compare_values(expected, exact, 1e-8) is None:
                break
        caches = forward(t, x, W, b)
        backward(t, dout, caches, expected, rtol=1e-6, what=" against numerical gradients")
