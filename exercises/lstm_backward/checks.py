"""Checks for the lstm_backward exercise: the forward pass over a sequence, then BPTT gradients
against the reference and against numerical gradients. Feedback names the gate whose block of
dWx / dWh / db is wrong and the time step where dx stops being right."""

import numpy as np

from tutor.grading.api import CheckFailed, LearnerError, check, difference, first_wrong_step, is_are, listed

GATES = (("i", "input gate i"), ("f", "forget gate f"), ("c̃", "candidate c̃"), ("o", "output gate o"))
NAMES = ("dx", "dh0", "dWx", "dWh", "db")
BACKWARD_RTOL = 1e-5
SHAPES_HINT = "lstm_backward returns (dx, dh0, dWx, dWh, db) with the shapes of x, h0, Wx, Wh and b."


def sequence(rng, n=None, t=None):
    """x (N, T, D), h0 (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,) with D ≠ H ≠ T."""
    n = int(rng.choice([1, 2, 3])) if n is None else n
    t = int(rng.integers(2, 6)) if t is None else t
    d, h = int(rng.integers(2, 5)), int(rng.integers(2, 5))
    d = d + 1 if d == h else d
    return (rng.normal(size=(n, t, d)), rng.normal(size=(n, h)), rng.normal(scale=0.6, size=(d, 4 * h)),
            rng.normal(scale=0.6, size=(h, 4 * h)), rng.normal(scale=0.6, size=4 * h))


def bound(m):
    return "0" if m == 0 else ("H" if m == 1 else f"{m}H")


def step_not_written(t, args):
    """True when the lstm_step_forward the learner's file imports raises NotImplementedError."""
    x, h0, Wx, Wh, b = args
    try:
        t.call("lstm_step_forward", x[:, 0], h0, np.zeros_like(h0), Wx, Wh, b)
    except CheckFailed as failed:
        return "not implemented" in str(failed)
    except LearnerError:
        return False
    return False


def forward(t, args):
    """Check the learner's forward h; return (learner cache, reference cache)."""
    def where(expected, h):
        if not isinstance(h, np.ndarray) or h.shape != expected.shape:
            return ""
        if (step := first_wrong_step(expected, h)) == 0:
            return ("h is already wrong at the first time step t = 0: check your lstm_step_forward (it comes from "
                    "the previous exercise) and that h0 and c0 = zeros go into it.")
        return (f"h is right up to t = {step - 1} and first differs at t = {step}: check what you carry from one "
                "step to the next (the new h *and* the new c).")

    try:
        got = t.compare("lstm_forward", args, returns=("h", "cache"), part=0, explain=where, name_mistakes=False)
    except CheckFailed as failed:
        if "not implemented" in str(failed) and step_not_written(t, args):
            t.fail(f"{failed}: the NotImplementedError comes from lstm_step_forward, which your lstm_step.py "
                   f"does not implement yet. Pass the lstm_step exercise first.")
        raise
    return got[1], t.reference("lstm_forward", *args)[1]


def wrong_gates(expected, got, H):
    """'dWx and db are wrong only in the columns [2H:3H] (candidate c̃)'-style sentences."""
    groups = {}
    for k in range(2, 5):
        if difference(expected[k], got[k], BACKWARD_RTOL) is None:
            continue
        wrong = tuple(j for j in range(4) if difference(expected[k][..., j * H:(j + 1) * H],
                                                           got[k][..., j * H:(j + 1) * H], BACKWARD_RTOL))
        groups.setdefault(wrong, []).append(NAMES[k])
    said = []
    for wrong, names in groups.items():
        if len(wrong) == 4:
            said.append(f"{listed(names)} {is_are(names)} wrong in the columns of every gate")
        else:
            columns = ", ".join(f"[{bound(j)}:{bound(j + 1)}] ({GATES[j][1]})" for j in wrong)
            said.append(f"{listed(names)} {is_are(names)} wrong only in the columns {columns}; the other gates' "
                        f"columns are right")
    return "; ".join(said)


def single_step_probe(t, args, H):
    """Run the learner on the first time step alone: is the step's own backward right?"""
    x, h0, Wx, Wh, b = args
    one = (x[:, :1], h0, Wx, Wh, b)
    dh = np.random.default_rng(0).normal(size=(x.shape[0], 1, H))
    forward = t.try_call("lstm_forward", *one)
    got = t.try_call("lstm_backward", dh, forward[1]) if isinstance(forward, (tuple, list)) and len(forward) == 2 else None
    expected = t.reference("lstm_backward", dh, t.reference("lstm_forward", *one)[1])
    if not same_shapes(expected, got):
        return ""
    if difference(expected, got, BACKWARD_RTOL) is None:
        return ("On a single time step your gradients are right, so one step's backward is fine: the "
                "mistake is in what travels between steps (step t gets dh[:, t] + dh_prev and dc_prev "
                "from step t + 1)")
    wrong = [name for name, e, g in zip(NAMES, expected, got) if difference(e, g, BACKWARD_RTOL)]
    gates = wrong_gates(expected, got, H)
    return f"On a single time step your gradients are already wrong ({listed(wrong)})" + (f": {gates}" if gates else "")


def explain_gradients(t, args, expected, got, H):
    """Which gradient, which gate's columns and which time step are wrong, in words."""
    parts = []
    T = expected[0].shape[1]
    if T == 1:
        parts.append(wrong_gates(expected, got, H))
    if difference(expected[0], got[0], BACKWARD_RTOL) is not None and T > 1:
        step = first_wrong_step(expected[0], got[0], BACKWARD_RTOL, from_end=True)
        if step == T - 1:
            parts.append(f"dx is already wrong at the last time step t = {step}, where only the upstream "
                         f"gradient dh[:, {step}] arrives")
        else:
            parts.append(f"dx is right from the last time step back to t = {step + 1} and first goes "
                         f"wrong at t = {step}")
    if T > 1 and (probe := single_step_probe(t, args, H)):
        parts.append(probe)
    return ". ".join(p for p in parts if p)


def same_shapes(expected, got):
    return (isinstance(got, (tuple, list)) and len(got) == len(expected)
            and all(isinstance(g, np.ndarray) and g.shape == e.shape for e, g in zip(expected, got)))


def backward(t, args, dh, caches, expected=None, against=""):
    """Check the learner's (dx, dh0, dWx, dWh, db) against the reference's (or ``expected``)."""
    def explain(expected, got):
        return explain_gradients(t, args, expected, got, args[1].shape[1]) if same_shapes(expected, got) else ""

    t.compare("lstm_backward", (dh, caches[0]), reference_args=(dh, caches[1]), expected=expected, rtol=BACKWARD_RTOL,
              label=f"lstm_backward(array{dh.shape}, cache)", against=against, returns=NAMES, explain=explain,
              hint=SHAPES_HINT)


@check("forward: h over random sequences (c starts at zero)", points=2)
def forward_random(t):
    for rng in t.trials(4):
        forward(t, sequence(rng))


@check("backward against the reference, random upstream gradient on every h", points=3)
def backward_random(t):
    for rng in t.trials(5):
        args = sequence(rng)
        backward(t, args, rng.normal(size=(*args[0].shape[:2], args[1].shape[1])), forward(t, args))


@check("backward when only the last h gets a gradient (many-to-one)", points=2)
def backward_last_step(t):
    for rng in t.trials(3):
        args = sequence(rng, t=int(rng.integers(3, 6)))
        dh = np.zeros((*args[0].shape[:2], args[1].shape[1]))
        dh[:, -1] = rng.normal(size=dh[:, -1].shape)
        backward(t, args, dh, forward(t, args))


@check("a single time step and a batch of one", points=1)
def one_step(t):
    for rng in t.trials(2):
        args = sequence(rng, n=1, t=1)
        backward(t, args, rng.normal(size=(1, 1, args[1].shape[1])), forward(t, args))


@check("backward agrees with numerical gradients of the forward pass", points=2)
def backward_numeric(t):
    for rng in t.trials(2):
        def make():
            args = sequence(rng, t=int(rng.integers(2, 4)))
            return args, rng.normal(size=(*args[0].shape[:2], args[1].shape[1]))

        args, dh, expected = t.layer_gradients("lstm_forward", "lstm_backward", make, rtol=1e-6, tries=20)
        backward(t, args, dh, forward(t, args), expected=expected, against="numerical gradients")
