"""Checks for the activations exercise: five activations and their derivatives."""

import numpy as np

from tutor.grading.api import check, numeric_gradient

FORWARD = ("sigmoid", "tanh", "relu", "leaky_relu", "elu")
ALL = tuple(name for f in FORWARD for name in (f, f + "_grad"))
WITH_ALPHA = {"leaky_relu": 0.2, "elu": 1.5}

OVERFLOW = "np.exp of a large positive number overflows to inf, and inf / inf (or inf · 0) is NaN"
STABLE_HINTS = {  # what to change, per function: the sigmoid trick does not fix a tanh or an elu
    "sigmoid": f"{OVERFLOW}: arrange the formula so that a huge exponential ends up in a denominator, "
               "1 / (1 + e^(−z)), or is never computed (see the lesson)",
    "tanh": f"{OVERFLOW}: tanh built from exponentials, (e^z − e^(−z)) / (e^z + e^(−z)), is inf / inf for large "
            "|z|; use np.tanh(z), which stays within [−1, 1]",
    "elu": f"{OVERFLOW}: alpha·(e^z − 1) times a mask (z <= 0) is still computed for large positive z, where "
           "e^z is inf and inf · 0 is NaN; take the exponential of np.minimum(z, 0) instead",
}


def random_shape(rng, largest=6):
    """1 to 3 dimensions of different sizes (never square), sometimes a batch of 1."""
    ndim = int(rng.integers(1, 4))
    return tuple(int(s) for s in rng.choice(np.arange(1, largest + 1), size=ndim, replace=False))


def away_from_kink(rng, shape, low=0.1, high=4.0):
    """Values with 0.1 <= |z| <= 4 and random signs: no kink, no saturation."""
    return rng.uniform(low, high, size=shape) * rng.choice([-1.0, 1.0], size=shape)


@check("the lesson's worked example", points=1)
def worked_example(t):
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    for name in ALL:
        t.compare(name, (z,))


@check("activations on random arrays of different shapes", points=2)
def random_forward(t):
    for rng in t.trials(5):
        z = rng.normal(scale=3.0, size=random_shape(rng))
        for name in FORWARD:
            t.compare(name, (z,))


@check("derivatives on random arrays of different shapes", points=2)
def random_derivatives(t):
    for rng in t.trials(5):
        z = away_from_kink(rng, random_shape(rng))
        for name in FORWARD:
            t.compare(name + "_grad", (z,))


@check("the alpha argument of leaky_relu and elu is used", points=1)
def alpha_is_used(t):
    for rng in t.trials(3):
        z = -rng.uniform(0.1, 3.0, size=(2, 3))  # only negative inputs: where alpha matters
        for name, alpha in WITH_ALPHA.items():
            alpha = alpha + float(rng.uniform(0.0, 0.5))
            for function in (name, name + "_grad"):
                t.compare(function, (z,), {"alpha": alpha},
                          hint=f"For z < 0, {function} depends on alpha: use the argument, not a fixed number")


@check("each derivative is the slope of its function (numerical gradient)", points=2)
def numerical_slopes(t):
    for rng in t.trials(3):
        # small arrays, |z| <= 2.5 and |dout| >= 0.5 keep the centred differences' rounding error
        # (which grows with the size of the summed array) far below the tolerance
        shape = random_shape(rng, largest=4)
        z = away_from_kink(rng, shape, high=2.5)
        dout = rng.uniform(0.5, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)  # random, not all ones
        for name in FORWARD:
            kwargs = {"alpha": WITH_ALPHA[name]} if name in WITH_ALPHA else {}
            slope = numeric_gradient(lambda v: t.reference(name, v, **kwargs), z, dout)
            got = t.call(name + "_grad", z, **kwargs)
            t.expect(isinstance(got, np.ndarray) and got.shape == z.shape,
                     f"{name}_grad(z) should return an array of shape {z.shape}, got {t.describe(got)}")
            t.expect_match(slope, dout * got, rtol=1e-6,
                           label=f"dout * {name}_grad(z) against centred differences of {name}",
                           hint=f"{name}_grad(z) should be how fast {name} changes at z: (f(z+h) − f(z−h)) / 2h "
                                "for a tiny h")


@check("huge inputs (z = ±1000) give finite values", points=2)
def huge_inputs(t):
    z = np.array([[-1000.0, 1000.0, -745.0], [745.0, -30.0, 30.0]])
    for name in ALL:
        hint = STABLE_HINTS.get(name.removesuffix("_grad"), STABLE_HINTS["sigmoid"])
        t.compare(name, (z,), hint=hint if t.blows_up(name, (z,)) else "")


@check("at the kink z = 0 the derivatives take the left-hand slope", points=1)
def kink(t):
    z = np.array([-1.0, 0.0, 1.0])
    for name in ("relu_grad", "leaky_relu_grad", "elu_grad"):
        t.compare(name, (z,), hint="At exactly z = 0 this course, like TensorFlow, uses the slope of the z < 0 "
                                   "side: relu_grad(0) = 0 and leaky_relu_grad(0) = alpha. Test z > 0, not z >= 0")
