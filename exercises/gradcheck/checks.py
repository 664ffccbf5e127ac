"""Checks for the gradcheck exercise.

Python functions cannot cross into the sandbox, so the gradient checks call the starter's fixed
helpers ``gradient_of(name, x, h)`` and ``x_after(name, x, h)``, which run the learner's
``numerical_gradient`` on fixed test functions inside the sandbox.
"""

import numpy as np

from tutor.grading.api import check

# The learner's centred differences and ours see the same f values; only rounding differs.
GRAD_RTOL = 1e-6


def point(rng, shape):
    """Random x with every |x_i| in [0.3, 1.5]: gradients well away from 0 for every test function."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.3, 1.5, size=shape)


def shape(rng):
    """(D,), or a non-square (N, D) with N = 1 in some trials."""
    if rng.random() < 0.3:
        return (int(rng.integers(1, 7)),)
    n, d = int(rng.choice([1, 2, 3, 4])), int(rng.integers(2, 6))
    return (n, d + 1) if n == d else (n, d)


@check("rel_error on the lesson's numbers", points=1)
def rel_error_example(t):
    t.compare("rel_error", (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.1, 3.0])))
    t.compare("rel_error", (np.array([0.5, -1e-3]), np.array([0.5, 1e-3])))
    t.compare("rel_error", (2.0, 2.5))


@check("rel_error on random arrays of any shape", points=2)
def rel_error_random(t):
    for rng in t.trials(6):
        size = shape(rng)
        a = rng.normal(size=size) * 10.0 ** rng.integers(-3, 3, size=size)
        b = a + rng.normal(scale=1e-4, size=size) * np.abs(a)
        t.compare("rel_error", (a, b), hint="Take the largest elementwise error, not the mean.")
        t.compare("rel_error", (b, rng.normal(size=size)))


@check("rel_error with zeros and tiny numbers (the 1e-8 floor)", points=1)
def rel_error_floor(t):
    hint = "Divide by np.maximum(1e-8, |a| + |b|) so that two zeros give 0, not 0/0."
    t.compare("rel_error", (np.zeros((2, 3)), np.zeros((2, 3))), hint=hint)
    t.compare("rel_error", (np.array([0.0, 1e-10, 1.0]), np.array([0.0, 0.0, 1.0])), hint=hint)
    t.compare("rel_error", (np.array([[3.0, 0.0]]), np.array([[3.0, 0.0]])), hint=hint)


def gradient_trials(t, name, count, hint):
    for rng in t.trials(count):
        x = point(rng, shape(rng))
        h = float(rng.choice([1e-5, 1e-4, 1e-3]))
        t.compare("gradient_of", (name, x), {"h": h}, rtol=GRAD_RTOL, hint=hint)


@check("numerical gradient of sum(x²), x of shapes (D,) and (N, D)", points=2)
def sum_of_squares(t):
    gradient_trials(t, "sum_of_squares", 5, "The exact gradient of sum(x²) is 2x.")


@check("numerical gradient of sum(sin(x)·x)", points=2)
def sin_times_x(t):
    gradient_trials(t, "sin_times_x", 5, "The exact gradient of sum(sin(x)·x) is sin(x) + x·cos(x).")


@check("numerical gradient of a softmax-weighted sum (every output depends on every input)", points=2)
def softmax_score(t):
    gradient_trials(t, "softmax_score", 5, "In this f every element of x matters, so each x[i] must be "
                                           "back at its old value before the next one is nudged.")


@check("x holds its original values after numerical_gradient returns", points=2)
def restores_x(t):
    for rng in t.trials(4):
        x = point(rng, shape(rng))
        name = str(rng.choice(["sum_of_squares", "sin_times_x", "softmax_score"]))
        t.compare("x_after", (name, x), {"h": 1e-3}, rtol=1e-12,
                  hint="Put x[i] back to its old value after evaluating f(x + h) and f(x − h).")


@check("the step h is the one passed in", points=1)
def uses_h(t):
    x = point(t.rng, (2, 3)) * 2.0
    for h in (1e-2, 0.1):
        t.compare("gradient_of", ("sin_times_x", x), {"h": h}, rtol=GRAD_RTOL,
                  hint=f"With h = {h} the centred difference is visibly different from the exact "
                       "gradient: use the h argument, not a constant.")
