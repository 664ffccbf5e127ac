"""Checks for the softmax exercise."""

import numpy as np

from tutor.grading.api import LearnerError, check, sentences

AXIS_HINT = "Normalise along the `axis` argument: pass it to both np.max and np.sum, with keepdims=True"
STABLE_HINT = ("e^1000 overflows to inf (inf / inf is NaN) and e^-1000 underflows to 0 (0 / 0 is NaN). "
               "softmax(z) = softmax(z − c) for any c: subtract the largest logit along `axis` "
               "(np.max(z, axis=axis, keepdims=True)) before np.exp. One global maximum is not enough: "
               "each row needs its own")


# The same words as the mutant no_shift_axis_one's mistake, so the class summary counts them together.
ONE_AXIS = ("the softmax assumes a batch of rows (a hard-coded axis 1, or z.shape unpacked into two sizes) "
            "instead of using the `axis` argument: a single vector (1-D) has no axis 1, and other axes are ignored")
ONE_AXIS_WHY = ("Your softmax works on a batch of rows but crashes on a single vector: it assumes two axes "
                "(axis=1, z.shape[1] or z[:, …]), and a 1-D z has only axis 0. Reduce along the `axis` argument "
                "(−1, the last axis, by default): np.max(z, axis=axis, keepdims=True) and "
                "np.sum(e, axis=axis, keepdims=True) work for any number of axes")
NO_SHIFT = ("It also does not subtract the maximum before np.exp: on the logits [[1000, 1001]] it returns NaN "
            "(e^1000 overflows, inf / inf is NaN)")
ROW = np.array([[0.5, -1.0, 2.0]])


def compare(t, args, kwargs=None, hint=""):
    """``t.compare``, with a crash on a 1-D input explained in words: the learner's softmax is tried on
    one row of small numbers (is the axis handling the problem?) and on large logits (is the max shift
    missing too?), so neither mistake hides behind the crash."""
    try:
        return t.compare("softmax", args, kwargs or {}, hint=hint)
    except LearnerError as crashed:
        if np.ndim(args[0]) != 1:
            raise
        mistake = crashed.mistake or (ONE_AXIS if t.passes("softmax", (ROW,)) else "")
        if not mistake:
            raise
        parts = [str(crashed)] + ([] if crashed.mistake else [ONE_AXIS_WHY])
        if t.blows_up("softmax", (np.array([[1000.0, 1001.0]]),)):
            parts.append(NO_SHIFT)
        raise LearnerError(sentences(*parts), crashed.traceback, mistake) from None


def non_square(rng, ndim, low=1, high=7):
    """A shape with ``ndim`` different sizes."""
    return tuple(int(s) for s in rng.choice(np.arange(low, high), size=ndim, replace=False))


@check("one vector of logits (1-D)", points=1)
def one_vector(t):
    compare(t, (np.array([1.0, 2.0, 3.0]),))
    for rng in t.trials(3):
        compare(t, (rng.normal(scale=2.0, size=int(rng.integers(2, 9))),))


@check("batches of random shapes, one row per sample (including a batch of 1)", points=2)
def batches(t):
    t.compare("softmax", (t.rng.normal(size=(1, 4)),))
    for rng in t.trials(5):
        t.compare("softmax", (rng.normal(scale=3.0, size=non_square(rng, 2)),))


@check("the axis argument: axis=0 on a batch, axis=1 on a 3-D array", points=2)
def other_axes(t):
    for rng in t.trials(3):
        t.compare("softmax", (rng.normal(size=non_square(rng, 2, 2)),), {"axis": 0}, hint=AXIS_HINT)
        t.compare("softmax", (rng.normal(size=non_square(rng, 3, 2)),), {"axis": 1}, hint=AXIS_HINT)


@check("large logits (±1000) give no NaN", points=2)
def large_logits(t):
    rows = np.array([[1000.0, 1001.0, 999.0, 998.0], [-1000.0, -1002.0, -999.0, -1001.0], [0.5, -0.5, 2.0, 1.0]])
    # Batches first: a softmax that also crashes on one vector still hears about the max shift.
    cases = [((rows,), {}), ((rows.T.copy(),), {"axis": 0}), ((np.array([1000.0, 1000.0]),), {}),
             ((np.array([-1000.0, -1001.0, -1000.5]),), {})]
    for args, kwargs in cases:
        compare(t, args, kwargs, hint=STABLE_HINT if t.blows_up("softmax", args, kwargs) else AXIS_HINT)


@check("every value lies in [0, 1] and each row sums to 1", points=1)
def sums_to_one(t):
    for rng in t.trials(3):
        for axis in (-1, 0):
            z = rng.normal(scale=20.0, size=non_square(rng, 2, 2))
            got = t.call("softmax", z, axis=axis)
            if not isinstance(got, np.ndarray) or got.shape != z.shape:
                t.fail(f"softmax(z: {z.shape}, axis={axis}) should return an array of shape {z.shape}, "
                       f"got {t.describe(got)}")
            t.expect(bool(np.all(np.isfinite(got))), f"softmax(z, axis={axis}) returned NaN or inf")
            t.expect(bool(np.all((got >= 0) & (got <= 1))),
                     f"softmax(z, axis={axis}) returned values outside [0, 1]: they are probabilities")
            sums = got.sum(axis=axis)
            worst = int(np.argmax(np.abs(sums - 1.0)))
            t.expect(bool(np.allclose(sums, 1.0, rtol=0.0, atol=1e-9)),
                     f"softmax(z: {z.shape}, axis={axis}): the values along axis {axis} should sum to 1, but "
                     f"slice {worst} sums to {sums.flat[worst]:.6g}. " + AXIS_HINT)
