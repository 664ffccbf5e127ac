"""Checks for the batchnorm exercise: training-mode batch normalization against the reference
(random batches, a batch of one, small variances with a large eps) and its backward pass against
the reference and against numerical gradients, always on the cache of the learner's own forward."""

import numpy as np

from tutor.grading.api import check

GRADIENTS = ("dx", "dgamma", "dbeta")
HINTS = {
    "dx": "Every x_i also moves the batch mean and the batch variance, so dx has three terms: "
          "dx = (1/σ)·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dout·γ and the means over the batch axis",
    "dgamma": "dgamma has γ's shape (D,): dgamma = Σ over the batch of dout·x̂",
    "dbeta": "dbeta has β's shape (D,): dbeta = Σ over the batch of dout",
}


def batch(rng, n=None, d=None):
    """x (N, D) with N ≠ D and a different scale and shift per feature; γ, β of shape (D,)."""
    n = int(rng.integers(2, 7)) if n is None else n
    d = int(rng.integers(2, 6)) if d is None else d
    d = d + 1 if d == n else d
    x = rng.normal(size=(n, d)) * rng.uniform(0.5, 3.0, size=d) + rng.normal(scale=2.0, size=d)
    return x, rng.normal(size=d), rng.normal(size=d)


def forward(t, x, gamma, beta, eps=None, hint=""):
    """Check the learner's out; return (learner cache, reference cache)."""
    args, kwargs = (x, gamma, beta), ({} if eps is None else {"eps": eps})
    got = t.compare("batchnorm_forward", args, kwargs, returns=("out", "cache"), part=0,
                    hint=hint or "out = γ·(x − mean)/√(var + ε) + β, with the mean and the biased variance "
                                   "(divide by N) of each feature over the batch (axis 0).")
    return got[1], t.reference("batchnorm_forward", *args, **kwargs)[1]


def backward(t, dout, caches, expected=None, rtol=1e-7, against=""):
    """Check the learner's (dx, dgamma, dbeta), computed from the learner's own cache."""
    t.compare("batchnorm_backward", (dout, caches[0]), reference_args=(dout, caches[1]), expected=expected, rtol=rtol,
              label=f"batchnorm_backward(array{dout.shape}, cache)", against=against, returns=GRADIENTS, hints=HINTS)


@check("the lesson's worked example, forward and backward", points=1)
def worked_example(t):
    x = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 4.0], [7.0, 0.0]])
    caches = forward(t, x, np.array([1.0, 2.0]), np.array([0.0, 1.0]),
                     hint="The lesson works this example out: mean [4, 3], variance [5, 5], "
                          "out[0] = [−1.3416, 0.1056].")
    backward(t, np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0], [-1.0, 2.0]]), caches)


@check("forward on random batches (N ≠ D), with the default and a given eps", points=2)
def forward_random(t):
    for index, rng in enumerate(t.trials(5)):
        forward(t, *batch(rng), eps=None if index < 2 else float(rng.choice([1e-3, 1e-2, 0.5])))


@check("a batch of one sample and a constant feature: x̂ = 0, so out = β", points=1)
def zero_variance(t):
    x, gamma, beta = batch(t.rng, n=1, d=3)
    forward(t, x, gamma, beta,
            hint="With one sample (or a constant feature) each x equals its mean, the variance is 0 and "
                 "x̂ = 0 / √(0 + ε) = 0: out = β. The biased variance (divide by N) keeps this finite.")
    x, gamma, beta = batch(t.rng, n=4, d=3)
    x[:, 1] = 2.5
    forward(t, x, gamma, beta, hint="Feature 1 is constant: its x̂ is 0, so out[:, 1] = β[1].")


@check("small variances with a large eps (ε belongs inside the square root)", points=1)
def small_variance(t):
    for rng in t.trials(2):
        x, gamma, beta = batch(rng, n=5, d=3)
        forward(t, x * 0.05, gamma, beta, eps=0.01,
                hint="Divide by √(var + ε): ε is added to the variance, inside the root.")


@check("backward on random batches, against the reference", points=3)
def backward_random(t):
    for index, rng in enumerate(t.trials(5)):
        x, gamma, beta = batch(rng, n=1 if index == 0 else None)
        caches = forward(t, x, gamma, beta)
        backward(t, rng.normal(size=x.shape), caches)


@check("backward agrees with numerical gradients (random upstream gradient)", points=2)
def backward_numeric(t):
    for rng in t.trials(3):
        def make():
            x, gamma, beta = batch(rng)
            return (x, gamma, beta), rng.normal(size=x.shape)

        args, dout, expected = t.layer_gradients("batchnorm_forward", "batchnorm_backward", make, rtol=1e-6)
        backward(t, dout, forward(t, *args), expected, rtol=1e-5, against="numerical gradients")
