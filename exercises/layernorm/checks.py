"""Checks for the layernorm exercise: layer normalization over the last axis of inputs with two to
four axes (a batch of one, a constant row, small variances with a large eps), and its backward pass
against the reference and numerical gradients, always on the cache of the learner's own forward."""

import numpy as np

from tutor.grading.api import check

GRADIENTS = ("dx", "dgamma", "dbeta")
HINTS = {
    "dx": "Each x also moves its own row's mean and variance, so dx has three terms: "
          "dx = (1/σ)·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dout·γ and the means over the last axis",
    "dgamma": "dgamma has γ's shape (D,): γ is shared by every row, so sum dout·x̂ over every axis but the last",
    "dbeta": "dbeta has β's shape (D,): sum dout over every axis but the last",
}
FORWARD_HINT = ("out = γ·(x − mean)/√(var + ε) + β, with the mean and the biased variance (divide by D) of each "
                "row over the last axis (keepdims=True).")


def inputs(rng, lead=None, d=None):
    """x (*lead, D) with rows of different scales and shifts; γ, β of shape (D,); D differs from
    every leading size."""
    lead = [(int(rng.integers(1, 5)),), (int(rng.integers(1, 4)), int(rng.integers(2, 5))),
            (2, int(rng.integers(1, 3)), 3)][int(rng.integers(0, 3))] if lead is None else lead
    d = int(rng.integers(2, 7)) if d is None else d
    while d in lead:
        d += 1
    x = rng.normal(size=(*lead, d)) * rng.uniform(0.5, 3.0, size=(*lead, 1)) + rng.normal(scale=2.0, size=(*lead, 1))
    return x, rng.normal(size=d), rng.normal(size=d)


def forward(t, x, gamma, beta, eps=None, hint=""):
    """Check the learner's out; return (learner cache, reference cache)."""
    args, kwargs = (x, gamma, beta), ({} if eps is None else {"eps": eps})
    got = t.compare("layernorm_forward", args, kwargs, returns=("out", "cache"), part=0,
                    hint=hint or FORWARD_HINT)
    return got[1], t.reference("layernorm_forward", *args, **kwargs)[1]


def backward(t, dout, caches, expected=None, rtol=1e-7, against=""):
    """Check the learner's (dx, dgamma, dbeta), computed from the learner's own cache."""
    t.compare("layernorm_backward", (dout, caches[0]), reference_args=(dout, caches[1]), expected=expected, rtol=rtol,
              label=f"layernorm_backward(array{dout.shape}, cache)", against=against, returns=GRADIENTS, hints=HINTS)


@check("the lesson's worked example, forward and backward", points=1)
def worked_example(t):
    x = np.array([[1.0, 2.0, 6.0], [0.0, 4.0, -4.0]])
    caches = forward(t, x, np.array([1.0, 2.0, 0.5]), np.array([0.0, 0.0, 1.0]),
                     hint="The lesson works this example out: row means [3, 0], variances [4.6667, 10.6667], "
                          "out[0] = [−0.9258, −0.9258, 1.6944].")
    backward(t, np.array([[1.0, 0.0, -1.0], [0.0, 2.0, 0.0]]), caches)


@check("forward on random (N, D) batches, a batch of one included, with the default and a given eps", points=2)
def forward_2d(t):
    for index, rng in enumerate(t.trials(4)):
        lead = (1,) if index == 0 else (int(rng.integers(2, 6)),)
        forward(t, *inputs(rng, lead=lead), eps=None if index < 2 else float(rng.choice([1e-3, 0.5])))


@check("forward on inputs of three and four axes (N, T, D) and (N, H, T, D)", points=2)
def forward_nd(t):
    for index, rng in enumerate(t.trials(4)):
        lead = (int(rng.integers(1, 4)), int(rng.integers(2, 5))) if index < 2 else (2, int(rng.integers(1, 3)), 3)
        forward(t, *inputs(rng, lead=lead))


@check("a constant row and small variances with a large eps (ε inside the square root)", points=1)
def edge_rows(t):
    x, gamma, beta = inputs(t.rng, lead=(3,), d=4)
    x[1] = -1.5
    forward(t, x, gamma, beta, hint="Row 1 is constant: its variance is 0, x̂ = 0 / √(0 + ε) = 0 and out[1] = β.")
    x, gamma, beta = inputs(t.rng, lead=(2, 3), d=4)
    forward(t, x * 0.05, gamma, beta, eps=0.01, hint="Divide by √(var + ε): ε is added to the variance, inside the root.")


@check("backward on random (N, D) batches, against the reference", points=2)
def backward_2d(t):
    for index, rng in enumerate(t.trials(4)):
        x, gamma, beta = inputs(rng, lead=(1,) if index == 0 else (int(rng.integers(2, 6)),))
        caches = forward(t, x, gamma, beta)
        backward(t, rng.normal(size=x.shape), caches)


@check("backward on inputs of three and four axes: dgamma and dbeta sum over every leading axis", points=2)
def backward_nd(t):
    for index, rng in enumerate(t.trials(4)):
        lead = (int(rng.integers(1, 4)), int(rng.integers(2, 5))) if index < 3 else (2, 2, 3)
        x, gamma, beta = inputs(rng, lead=lead)
        caches = forward(t, x, gamma, beta)
        backward(t, rng.normal(size=x.shape), caches)


@check("backward agrees with numerical gradients (random upstream gradient)", points=2)
def backward_numeric(t):
    for rng in t.trials(3):
        def make():
            x, gamma, beta = inputs(rng, lead=(2, int(rng.integers(2, 4))), d=int(rng.integers(3, 5)))
            return (x, gamma, beta), rng.normal(size=x.shape)

        args, dout, expected = t.layer_gradients("layernorm_forward", "layernorm_backward", make, rtol=1e-6)
        backward(t, dout, forward(t, *args), expected, rtol=1e-5, against="numerical gradients")
