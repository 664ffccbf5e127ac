"""Checks for the rnn_step exercise: the forward step (with each term isolated), then the five
gradients, each named on its own, against the reference and against numerical gradients."""

import numpy as np

from tutor.grading.api import LearnerError, check, signature
from tutor.grading.compare import compare as compare_values
from tutor.grading.gradients import numeric_gradient

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
    ("x @ Wx + h_prev @ Wh + b: the tanh is missing",
     lambda x, h_prev, Wx, Wh, b: x @ Wx + h_prev @ Wh + b),
    ("tanh(x @ Wx + b): the recurrent term h_prev @ Wh is missing",
     lambda x, h_prev, Wx, Wh, b: np.tanh(x @ Wx + b)),
)


def step(rng, n=None, scale=0.7):
    """x (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b (H,) with D ≠ H; N is 1 in some trials."""
    n = int(rng.choice([1, 2, 3, 5])) if n is None else n
    d = int(rng.integers(2, 6))
    h = int(rng.integers(2, 6))
    h = h + 1 if h == d else h
    return (rng.normal(size=(n, d)), np.tanh(rng.normal(size=(n, h))),
            rng.normal(scale=scale / np.sqrt(d), size=(d, h)), rng.normal(scale=scale / np.sqrt(h), size=(h, h)),
            rng.normal(scale=0.3, size=h))


def call(t, function, args, label, reference_args=None):
    """The learner's ``function(*args)``; a crash is reported under ``label`` and named when a
    known mistake crashes the same way."""
    try:
        return t.call(function, *args)
    except LearnerError as crashed:
        message, full = str(crashed), signature(function, args, {})
        if message.startswith(full):
            message = label + message[len(full):]
        if mistake := t.known_crash(crashed, function, args if reference_args is None else reference_args, {}):
            message += f". This matches a known mistake: {mistake}."
        raise LearnerError(message, crashed.traceback) from None


def forward(t, args, hint=""):
    """Check the learner's forward output; return (learner cache, reference cache)."""
    expected, reference_cache = t.reference("rnn_step_forward", *args)
    label = signature("rnn_step_forward", args, {})
    got = call(t, "rnn_step_forward", args, label)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        t.fail(f"rnn_step_forward() should return a tuple (h, cache), got {t.describe(got)}")
    hint = hint or "h = np.tanh(x @ Wx + h_prev @ Wh + b), shape (N, H)."
    if compare_values(expected, got[0], 1e-7) is not None:  # name a typical slip when it fits exactly
        x, h_prev, Wx, Wh, b = args
        for slip, value in SLIPS:
            if compare_values(value(x, h_prev, Wx, Wh, b), got[0], 1e-9) is None:
                hint += f" Your h equals {slip}."
                break
    t.expect_match(expected, got[0], label=f"h from {label}", hint=hint)
    return got[1], reference_cache


def backward(t, dh, caches, expected=None, rtol=1e-7, what=""):
    """Check the learner's five gradients, naming the first one that is wrong."""
    learner_cache, reference_cache = caches
    label = f"rnn_step_backward(array{dh.shape}, cache)"
    if expected is None:
        expected = t.reference("rnn_step_backward", dh, reference_cache)
    got = call(t, "rnn_step_backward", (dh, learner_cache), label, reference_args=(dh, reference_cache))
    if not isinstance(got, (tuple, list)) or len(got) != 5:
        t.fail(f"{label} should return a tuple of 5 gradients (dx, dh_prev, dWx, dWh, db), got {t.describe(got)}")
    wrong = [(name, problem) for name, e, g in zip(NAMES, expected, got)
             if (problem := compare_values(e, g, rtol))]
    if not wrong:
        return
    name, problem = wrong[0]
    if len(wrong) == 5:
        advice = ("All five gradients are wrong, and all five start from dz: check dz = dh * (1 - h**2), "
                  "the derivative of tanh taken from the step's output h.")
    else:
        right = [n for n in NAMES if n not in dict(wrong)]
        advice = f"({', '.join(right)} {'is' if len(right) == 1 else 'are'} right, so dz is fine.) {FORMULAS[name]}."
    message = f"{name} from {label}{what}: {problem}. {advice}"
    if mistake := t.known_mistake(got, rtol, "rnn_step_backward", (dh, reference_cache), {}, expected=expected):
        message += f" This matches a known mistake: {mistake}."
    t.fail(message)


@check("the lesson's worked example, forward and backward", points=1)
def worked_example(t):
    x, h_prev = np.array([[1.0, 0.0, -1.0]]), np.array([[0.5, -0.5]])
    Wx = np.array([[0.5, -0.5], [1.0, 0.0], [0.0, 0.5]])
    Wh = np.array([[1.0, 0.0], [0.5, 1.0]])
    b = np.array([0.0, 0.25])
    caches = forward(t, (x, h_prev, Wx, Wh, b))
    backward(t, np.array([[1.0, -1.0]]), caches)


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
        caches = forward(t, args)
        backward(t, rng.normal(size=args[1].shape), caches)


@check("backward for a batch of one sample", points=1)
def backward_single(t):
    for rng in t.trials(2):
        args = step(rng, n=1)
        caches = forward(t, args)
        backward(t, rng.normal(size=args[1].shape), caches)


@check("backward agrees with numerical gradients (random upstream gradient)", points=2)
def backward_numeric(t):
    for rng in t.trials(3):
        for _ in range(50):  # skip the rare inputs where rounding noise swamps a tiny gradient entry
            args = step(rng)
            dh = rng.normal(size=args[1].shape)

            def h_with(i, value):
                changed = list(args)
                changed[i] = value
                return t.reference("rnn_step_forward", *changed)[0]

            expected = tuple(numeric_gradient(lambda v, i=i: h_with(i, v), args[i], dh) for i in range(5))
            exact = t.reference("rnn_step_backward", dh, t.reference("rnn_step_forward", *args)[1])
            if compare_values(expected, exact, 1e-8) is None:
                break
        caches = forward(t, args)
        backward(t, dh, caches, expected, rtol=1e-6, what=" against numerical gradients")
