"""Checks for the dense exercise: forward values, backward against the reference and against
numerical gradients of the forward pass, with flattened inputs of 2 to 4 dimensions."""

import numpy as np

from tutor.grading.api import LearnerError, check, sentences

SHAPES_HINT = "dx has the shape of x, dW the shape of W (D, M), db the shape of b (M,)."
# The same words as the mutant not_flattened's mistake, so the class summary counts them together.
NOT_FLATTENED = "x is not flattened to (N, D) before the product: use x.reshape(x.shape[0], -1)"


def layer(rng, n=None, ndim=None):
    """x (N, d1, ..., dk), W (D, M), b (M,) with D ≠ M; N is 1 in some trials."""
    n = int(rng.choice([1, 2, 3, 5])) if n is None else n
    ndim = int(rng.integers(2, 5)) if ndim is None else ndim
    dims = [int(d) for d in rng.integers(2, 5, size=ndim - 1)]
    d = int(np.prod(dims))
    m = int(rng.integers(2, 6))
    m = m + 1 if m in (d, n) else m
    return rng.normal(size=(n, *dims)), rng.normal(size=(d, m)), rng.normal(size=m)


def forward(t, x, W, b):
    """Check the learner's out; return (learner cache, reference cache)."""
    try:
        got = t.compare("dense_forward", (x, W, b), returns=("out", "cache"), part=0,
                        hint="out = x.reshape(N, -1) @ W + b, shape (N, M).")
    except LearnerError as crashed:  # a crash on (N, d1, ..., dk) that flattening x by hand avoids
        flat = x.reshape(x.shape[0], -1)
        if crashed.mistake or x.ndim <= 2 or not t.passes("dense_forward", (flat, W, b), part=0):
            raise
        raise LearnerError(sentences(str(crashed), f"Your dense_forward is right on x flattened to (N, D) = {flat.shape}, "
                                     f"so this matches a known mistake: {NOT_FLATTENED}."),
                           crashed.traceback, NOT_FLATTENED) from None
    return got[1], t.reference("dense_forward", x, W, b)[1]


def backward(t, dout, caches, expected=None, rtol=1e-7, against=""):
    """Check the learner's (dx, dW, db), from the learner's own cache, against the reference's (or ``expected``)."""
    t.compare("dense_backward", (dout, caches[0]), reference_args=(dout, caches[1]), expected=expected, rtol=rtol,
              label=f"dense_backward(array{dout.shape}, cache)", against=against, returns=("dx", "dW", "db"),
              hint=SHAPES_HINT)


@check("the lesson's worked example, forward and backward", points=1)
def worked_example(t):
    x = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0]])
    W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    backward(t, np.array([[1.0, -1.0], [2.0, 0.0]]), forward(t, x, W, np.array([0.5, -0.5])))


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
        backward(t, rng.normal(size=(x.shape[0], W.shape[1])), forward(t, x, W, b))


@check("backward for a batch of one sample", points=1)
def backward_single(t):
    for rng in t.trials(2):
        x, W, b = layer(rng, n=1, ndim=2 + int(rng.integers(0, 2)))
        backward(t, rng.normal(size=(1, W.shape[1])), forward(t, x, W, b))


@check("backward agrees with numerical gradients (random upstream gradient)", points=2)
def backward_numeric(t):
    for rng in t.trials(3):
        def make():
            x, W, b = layer(rng)
            return (x, W, b), rng.normal(size=(x.shape[0], W.shape[1]))

        # The layer is linear in each single number, so centred differences are exact up to rounding;
        # a larger h keeps that rounding far below the tolerance.
        args, dout, expected = t.layer_gradients("dense_forward", "dense_backward", make, h=1e-3)
        backward(t, dout, forward(t, *args), expected, rtol=1e-6, against="numerical gradients")
