"""Checks for the softmax_ce exercise."""

import numpy as np

from tutor.grading.api import check, numeric_gradient


def batch(rng, scale=1.0, n=None):
    """Random logits (N, K) with N ≠ K (N = 1 in some trials) and integer labels (N,)."""
    n = int(rng.choice([1, 2, 3, 5, 8])) if n is None else n
    k = int(rng.integers(2, 7))
    k = k + 1 if k == n else k
    return rng.normal(scale=scale, size=(n, k)), rng.integers(0, k, size=n)


@check("the lesson's worked example", points=1)
def worked_example(t):
    t.compare("softmax_cross_entropy", (np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 0.0]]), np.array([0, 2])))


@check("random logits and labels, batches of 1 to 8", points=3)
def random_batches(t):
    for rng in t.trials(8):
        t.compare("softmax_cross_entropy", batch(rng, scale=float(rng.choice([0.5, 2.0, 5.0]))),
                  hint="The loss is a batch mean, and dlogits has the shape of logits.")


@check("equal logits: loss = log K, the true class's gradient is (1/K − 1)/N", points=1)
def equal_logits(t):
    for n, k, shift in ((4, 3, 0.0), (1, 5, 7.5), (2, 4, -3.0)):
        labels = t.rng.integers(0, k, size=n)
        t.compare("softmax_cross_entropy", (np.full((n, k), shift), labels),
                  hint=f"Every class has probability 1/{k}: the true class's gradient is 1/{k} − 1, the "
                       f"others 1/{k}, all divided by N = {n}.")


@check("logits of ±1000 give a finite loss and gradient (subtract the row max)", points=2)
def large_logits(t):
    hint = "Logits this large need the row-max shift and log-probabilities computed directly (see the lesson)."
    t.compare("softmax_cross_entropy", (np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -990.0]]),
                                        np.array([2, 0])), hint=hint)
    for rng in t.trials(3):
        logits, labels = batch(rng, scale=1000.0)
        # Logits of 1000 leave float64 about 1e-13 of absolute precision, so a gradient of that size is
        # noise: a correct log-sum-exp written another way differs there (rtol 1e-5 over the 1e-8 floor)
        t.compare("softmax_cross_entropy", (logits, labels), rtol=1e-5, hint=hint)


@check("dlogits agrees with a numerical gradient of the loss", points=2)
def numeric(t):
    for rng in t.trials(4):
        def numeric(problem):  # the loss is one number, so the upstream gradient is a scalar (1): the "never
            # all ones" rule is about vector outputs such as the softmax itself
            logits, labels = problem
            loss = t.reference("softmax_cross_entropy", logits, labels)[0]
            return loss, numeric_gradient(lambda z: t.reference("softmax_cross_entropy", z, labels)[0], logits)

        (logits, labels), expected = t.stable_gradients(lambda: batch(rng, n=int(rng.choice([1, 3, 4]))), numeric,
                                                        lambda p: t.reference("softmax_cross_entropy", *p))
        t.compare("softmax_cross_entropy", (logits, labels), expected=expected, rtol=1e-6,
                  label=f"softmax_cross_entropy(array{logits.shape}, labels)", against="a numerical gradient")
