"""Checks for the rnn_step exercise: the forward step (with each term isolated), then the five
gradients, each named on its own, against the reference and against numerical gradients."""

import numpy as np

from tutor.grading.api import check, same

NAMES = ("dx", "dh_prev", "dWx", "dWh", "db")
FORMULAS = {
    "dx": "dx = dz @ Wx.T, shape (N, D)",
    "dh_prev": "dh_prev = dz @ Wh.T, shape (N, H)",
    "dWx": "dWx = x.T @ dz, shape (D, H)",
    "dWh": "dWh = h_prev.T @ dz with h_prev the state that went into the step, shape (H, H)",
    "db": "db = dz.sum(axis=0), shape (H,)",
}
SLIPS = (  # forward mistakes recognised from the learner's h, with what to say
    ("tanh(x @ Wx + h_prev @ Wh) + b: the bias is added after the tanh, but it belongs inside",
     lambda x, h_prev, Wx, Wh, b: np.tanh(x @ Wx + h_prev @ Wh) + b),
    ("x @ Wx + h_prev @ Wh + b: the tanh is missing", lambda x, h_prev, Wx, Wh, b: x @ Wx + h_prev @ Wh + b),
    ("tanh(x @ Wx + b): the recurrent term h_prev @ Wh is missing", lambda x, h_prev, Wx, Wh, b: np.tanh(x @ Wx + b)),
)
ALL_WRONG = ("All five gradients are wrong, and all five start from dz: check dz = dh * (1 - h**2), the derivative "
             "of tanh taken from the step's output h.")


def step(rng, n=None, scale=0.7):
    """x (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b (H,) with D ≠ H; N is 1 in some trials."""
    n = int(rng.choice([1, 2, 3, 5])) if n is None else n
    d = int(rng.integers(2, 6))
    h = int(rng.integers(2, 6))
    h = h + 1 if h == d else h
    return (rng.normal(size=(n, d)), np.tanh(rng.normal(size=(n, h))),
            rng.normal(scale=scale / np.sqrt(d), size=(d, h)), rng.normal(scale=scale / np.sqrt(h), size=(h, h)),
            rng.normal(scale=0.3, size=h))


def forward(t, args, hint="h = np.tanh(x @ Wx + h_prev @ Wh + b), shape (N, H)."):
    """Check the learner's h, naming a typical slip it equals; return (learner cache, reference cache)."""
    def slip(expected, got):
        return next((f"Your h equals {what}." for what, value in SLIPS if same(value(*args), got, 1e-9)), "")

    got = t.compare("rnn_step_forward", args, returns=("h", "cache"), part=0, explain=slip, hint=hint)
    return got[1], t.reference("rnn_step_forward", *args)[1]


def backward(t, dh, caches, expected=None, rtol=1e-7, against=""):
    """Check the learner's five gradients, naming the first one that is wrong."""
    def advice(expected, got):
        return ALL_WRONG if not any(same(e, g, rtol) for e, g in zip(expected, got)) else ""

    t.compare("rnn_step_backward", (dh, caches[0]), reference_args=(dh, caches[1]), expected=expected, rtol=rtol,
              label=f"rnn_step_backward(array{dh.shape}, cache)", against=against, returns=NAMES, hints=FORMULAS,
              explain=advice)


@check("the lesson's worked example, forward and backward", points=1)
def worked_example(t):
    x, h_prev = np.array([[1.0, 0.0, -1.0]]), np.array([[0.5, -0.5]])
    Wx = np.array([[0.5, -0.5], [1.0, 0.0], [0.0, 0.5]])
    Wh = np.array([[1.0, 0.0], [0.5, 1.0]])
    backward(t, np.array([[1.0, -1.0]]), forward(t, (x, h_prev, Wx, Wh, np.array([0.0, 0.25]))))


@check("forward on random shapes (D ≠ H, batches of 1 to 5)", points=2)
def forward_random(t):
    for rng in t.trials(5):
        forward(t, step(rng))


@check("forward, one term at a time: the input, the state, the bias", points=1)
def forward_terms(t):
    for rng in t.trials(2):
        x, h_prev, Wx, Wh, b = step(rng)
        forward(t, (x, np.zeros_like(h_prev), Wx, Wh, np.zeros_like(b)),
                hint="Here h_prev = 0 and b = 0, so only the input term is left: h = tanh(x @ Wx).")
        forward(t, (np.zeros_like(x), h_prev, Wx, Wh, np.zeros_like(b)),
                hint="Here x = 0 and b = 0, so only the recurrent term is left: h = tanh(h_prev @ Wh).")
        forward(t, (x, h_prev, np.zeros_like(Wx), np.zeros_like(Wh), b),
                hint="Here Wx = 0 and Wh = 0, so only the bias is left, inside the tanh: h = tanh(b) in every row.")


@check("large pre-activations (|z| ≈ 1000) saturate without NaN", points=1)
def saturation(t):
    x, h_prev, Wx, Wh, b = step(t.rng, n=3)
    b = 1000.0 * t.rng.choice([-1.0, 1.0], size=b.shape)  # tanh is exactly ±1 there, tanh' exactly 0
    caches = forward(t, (x, h_prev, Wx, Wh, b),
                     hint="Use np.tanh: a tanh written with np.exp overflows to inf / inf = NaN for |z| ≈ 1000.")
    backward(t, t.rng.normal(size=h_prev.shape), caches)


@check("backward on random shapes, against the reference", points=3)
def backward_random(t):
    for rng in t.trials(6):
        args = step(rng)
        backward(t, rng.normal(size=args[1].shape), forward(t, args))


@check("backward for a batch of one sample", points=1)
def backward_single(t):
    for rng in t.trials(2):
        args = step(rng, n=1)
        backward(t, rng.normal(size=args[1].shape), forward(t, args))


@check("backward agrees with numerical gradients (random upstream gradient)", points=2)
def backward_numeric(t):
    for rng in t.trials(3):
        def make():
            args = step(rng)
            return args, rng.normal(size=args[1].shape)

        args, dh, expected = t.layer_gradients("rnn_step_forward", "rnn_step_backward", make)
        backward(t, dh, forward(t, args), expected, rtol=1e-6, against="numerical gradients")
