"""Checks for the losses exercise."""

import numpy as np

from tutor.grading.api import check


def shape(rng):
    """A random non-square (N, K); N is 1 in some trials."""
    n = int(rng.choice([1, 2, 3, 5, 7]))
    k = int(rng.integers(2, 6))
    return (n, k + 1) if k == n else (n, k)


def probabilities(rng, n, k):
    """Rows of a softmax: positive, summing to 1."""
    z = rng.normal(scale=1.5, size=(n, k))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def one_hot(labels, k):
    return np.eye(k)[labels]


@check("the lesson's worked example", points=1)
def worked_example(t):
    t.compare("mse", (np.array([2.5, 0.0, 2.0]), np.array([3.0, -0.5, 2.0])))
    t.compare("binary_cross_entropy", (np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 1.0])))
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    t.compare("categorical_cross_entropy", (p, np.array([0, 2])))
    t.compare("categorical_cross_entropy", (p, np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])))


@check("mse on random batches: (N,) and (N, K), including N = 1", points=2)
def mse_random(t):
    # N and K above 1 first: with either of them 1, summing over the batch and summing over the
    # features give the same numbers, and the message could name the wrong one.
    t.compare("mse", (t.rng.normal(size=(3, 4)), t.rng.normal(size=(3, 4))),
              hint="MSE is the mean of the squared differences over every element.")
    for rng in t.trials(6):
        size = shape(rng)
        if rng.random() < 0.3:
            size = size[:1]
        y_pred, y_true = rng.normal(size=size), rng.normal(size=size)
        t.compare("mse", (y_pred, y_true), hint="MSE is the mean of the squared differences over every element.")
    x = rng.normal(size=(3, 2))
    t.compare("mse", (x, x.copy()), hint="Identical predictions and targets must give 0.")


@check("binary cross-entropy on random batches, 0/1 targets", points=2)
def bce_random(t):
    for rng in t.trials(6):
        size = shape(rng)
        if rng.random() < 0.4:
            size = size[:1]
        p = rng.uniform(0.02, 0.98, size=size)
        y = rng.integers(0, 2, size=size).astype(np.float64)
        t.compare("binary_cross_entropy", (p, y))


@check("binary cross-entropy, one term at a time (all targets 1, then all 0)", points=1)
def bce_terms(t):
    p = t.rng.uniform(0.05, 0.95, size=(4, 3))
    t.compare("binary_cross_entropy", (p, np.ones((4, 3))),
              hint="With every y = 1 only the −y·log(p) term is left.")
    t.compare("binary_cross_entropy", (p, np.zeros((4, 3))),
              hint="With every y = 0 only the −(1 − y)·log(1 − p) term is left.")


@check("binary cross-entropy stays finite at p = 0 and p = 1 (clipping with eps)", points=1)
def bce_clip(t):
    p = np.array([0.0, 1.0, 0.0, 1.0, 0.3])
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    hint = "Here some p are exactly 0 or 1: clip p into [eps, 1 − eps] before taking logs."
    t.compare("binary_cross_entropy", (p, y), hint=hint)
    t.compare("binary_cross_entropy", (p, y), {"eps": 1e-3}, hint=hint + " Use the eps argument, not a constant.")


@check("categorical cross-entropy with one-hot targets", points=2)
def cce_one_hot(t):
    for rng in t.trials(6):
        n, k = shape(rng)
        p = probabilities(rng, n, k)
        y = one_hot(rng.integers(0, k, size=n), k)
        t.compare("categorical_cross_entropy", (p, y))


@check("categorical cross-entropy with sparse integer labels", points=2)
def cce_sparse(t):
    for rng in t.trials(6):
        n, k = shape(rng)
        p = probabilities(rng, n, k)
        labels = rng.integers(0, k, size=n)
        t.compare("categorical_cross_entropy", (p, labels),
                  hint="Here y holds integer labels: pick p[i, y[i]] for each row i, p[np.arange(N), y].")
        t.compare("categorical_cross_entropy", (p, one_hot(labels, k)),
                  hint="Here y holds the same labels one-hot: the loss must equal the sparse one.")


@check("categorical cross-entropy stays finite when the true class has p = 0", points=1)
def cce_clip(t):
    p = np.array([[0.0, 0.5, 0.5], [0.2, 0.0, 0.8], [0.0, 0.0, 1.0], [0.1, 0.6, 0.3]])
    labels = np.array([0, 1, 2, 1])
    hint = "Here some p are exactly 0: clip p into [eps, 1 − eps] before taking logs."
    t.compare("categorical_cross_entropy", (p, labels), hint=hint)
    t.compare("categorical_cross_entropy", (p, one_hot(labels, 3)), hint=hint)
    t.compare("categorical_cross_entropy", (p, labels), {"eps": 1e-4},
              hint=hint + " Use the eps argument, not a constant.")


@check("perfect predictions cost (almost) nothing", points=1)
def perfect(t):
    labels = np.array([2, 0, 1, 2])
    p, y = one_hot(labels, 3), one_hot(labels, 3)
    for name, args in (("mse", (p, y)), ("binary_cross_entropy", (p, y)),
                       ("categorical_cross_entropy", (p, labels)), ("categorical_cross_entropy", (p, y))):
        got = t.call(name, *args)
        try:
            value = float(got)
        except (TypeError, ValueError):
            t.fail(f"{name}() should return one number, got {t.describe(got)}")
        t.expect(np.isfinite(value) and abs(value) < 1e-9,
                 f"{name}() of a perfect prediction should be about 0 (below 1e-9), got {value:.6g}")
