"""Checks for the lstm_backward exercise: the forward pass over a sequence, then BPTT gradients
against the reference and against numerical gradients. Feedback names the gate whose block of
dWx / dWh / db is wrong and the time step where dx stops being right."""

import numpy as np

from tutor.grading.api import CheckFailed, LearnerError, check, signature
from tutor.grading.compare import compare as compare_values
from tutor.grading.compare import rel_error
from tutor.grading.gradients import numeric_gradient

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


def call(t, function, args, label, reference_args=None):
    """The learner's ``function(*args)``; a crash is reported under ``label`` (not the whole cache)
    and named when a known mistake crashes the same way."""
    try:
        return t.call(function, *args)
    except LearnerError as crashed:
        message, full = str(crashed), signature(function, args, {})
        if message.startswith(full):
            message = label + message[len(full):]
        ref_args = args if reference_args is None else reference_args
        if mistake := t.known_crash(crashed, function, ref_args, {}):
            message += f". This matches a known mistake: {mistake}."
        raise LearnerError(message, crashed.traceback) from None


def first_wrong_step(expected, got, rtol, from_end=False):
    """The first (or, ``from_end``, the last) time step t where [:, t] differs, or None."""
    steps = range(expected.shape[1])
    for step in (reversed(steps) if from_end else steps):
        if compare_values(expected[:, step], got[:, step], rtol) is not None:
            return step
    return None


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
    label = signature("lstm_forward", args, {})
    expected, reference_cache = t.reference("lstm_forward", *args)
    try:
        got = call(t, "lstm_forward", args, label)
    except CheckFailed as failed:
        if "not implemented" in str(failed) and step_not_written(t, args):
            t.fail(f"{failed}: the NotImplementedError comes from lstm_step_forward, which your lstm_step.py "
                   f"does not implement yet. Pass the lstm_step exercise first.")
        raise
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        t.fail(f"{label} should return a tuple (h, cache), got {t.describe(got)}")
    h = got[0]
    if difference := compare_values(expected, h, 1e-7):
        message = f"h of {label}: {difference}."
        if isinstance(h, np.ndarray) and h.shape == expected.shape:
            step = first_wrong_step(expected, h, 1e-7)
            if step == 0:
                message += (" h is already wrong at the first time step t = 0: check your lstm_step_forward "
                            "(it comes from the previous exercise) and that h0 and c0 = zeros go into it.")
            else:
                message += (f" h is right up to t = {step - 1} and first differs at t = {step}: check what "
                            f"you carry from one step to the next (the new h *and* the new c).")
        t.fail(message)
    return got[1], reference_cache


def wrong_gates(expected, got, H):
    """'dWx and db are wrong only in the columns [2H:3H] (candidate c̃)'-style sentences."""
    groups = {}
    for k in range(2, 5):
        if compare_values(expected[k], got[k], BACKWARD_RTOL) is None:
            continue
        wrong = tuple(j for j in range(4) if compare_values(expected[k][..., j * H:(j + 1) * H],
                                                           got[k][..., j * H:(j + 1) * H], BACKWARD_RTOL))
        groups.setdefault(wrong, []).append(NAMES[k])
    sentences = []
    for wrong, names in groups.items():
        subject = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        verb = "is" if len(names) == 1 else "are"
        if len(wrong) == 4:
            sentences.append(f"{subject} {verb} wrong in the columns of every gate")
        else:
            columns = ", ".join(f"[{bound(j)}:{bound(j + 1)}] ({GATES[j][1]})" for j in wrong)
            sentences.append(f"{subject} {verb} wrong only in the columns {columns}; the other gates' "
                             f"columns are right")
    return "; ".join(sentences)


def single_step_probe(t, args, H):
    """Run the learner on the first time step alone: is the step's own backward right?"""
    x, h0, Wx, Wh, b = args
    one = (x[:, :1], h0, Wx, Wh, b)
    dh = np.random.default_rng(0).normal(size=(x.shape[0], 1, H))
    try:
        got_h, cache = t.call("lstm_forward", *one)
        got = t.call("lstm_backward", dh, cache)
    except Exception:
        return ""
    expected = t.reference("lstm_backward", dh, t.reference("lstm_forward", *one)[1])
    if not same_shapes(expected, got):
        return ""
    if compare_values(expected, got, BACKWARD_RTOL) is None:
        return ("On a single time step your gradients are right, so one step's backward is fine: the "
                "mistake is in what travels between steps (step t gets dh[:, t] + dh_prev and dc_prev "
                "from step t + 1)")
    wrong = [name for name, e, g in zip(NAMES, expected, got) if compare_values(e, g, BACKWARD_RTOL)]
    listed = wrong[0] if len(wrong) == 1 else ", ".join(wrong[:-1]) + " and " + wrong[-1]
    gates = wrong_gates(expected, got, H)
    return (f"On a single time step your gradients are already wrong ({listed})"
            + (f": {gates}" if gates else ""))


def explain_gradients(t, args, expected, got, H):
    """Which gradient, which gate's columns and which time step are wrong, in words."""
    parts = []
    T = expected[0].shape[1]
    if T == 1:
        parts.append(wrong_gates(expected, got, H))
    if compare_values(expected[0], got[0], BACKWARD_RTOL) is not None and T > 1:
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


def backward(t, args, dh, caches, expected=None, what=""):
    """Check the learner's (dx, dh0, dWx, dWh, db) against the reference's (or ``expected``)."""
    learner_cache, reference_cache = caches
    H = args[1].shape[1]
    label = f"lstm_backward(array{dh.shape}, cache)" + what
    reference = t.reference("lstm_backward", dh, reference_cache)
    expected = reference if expected is None else expected
    got = call(t, "lstm_backward", (dh, learner_cache), label, reference_args=(dh, reference_cache))
    difference = compare_values(expected, got, BACKWARD_RTOL)
    if difference is None:
        return
    if same_shapes(expected, got):
        first = next(f"{name}: {d}" for name, e, g in zip(NAMES, expected, got)
                     if (d := compare_values(e, g, BACKWARD_RTOL)))
        parts = [f"{label}: {first}.", explain_gradients(t, args, expected, got, H) + "."]
    else:
        parts = [f"{label}: {difference}.", SHAPES_HINT]
    if mistake := t.known_mistake(got, BACKWARD_RTOL, "lstm_backward", (dh, reference_cache), {},
                                  expected=reference):
        parts.append(f"This matches a known mistake: {mistake}.")
    t.fail(" ".join(parts))


@check("forward: h over random sequences (c starts at zero)", points=2)
def forward_random(t):
    for rng in t.trials(4):
        forward(t, sequence(rng))


@check("backward against the reference, random upstream gradient on every h", points=3)
def backward_random(t):
    for rng in t.trials(5):
        args = sequence(rng)
        caches = forward(t, args)
        backward(t, args, rng.normal(size=(*args[0].shape[:2], args[1].shape[1])), caches)


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
        for _ in range(20):  # skip the rare inputs where rounding noise swamps a tiny gradient entry
            args = sequence(rng, t=int(rng.integers(2, 4)))
            dh = rng.normal(size=(*args[0].shape[:2], args[1].shape[1]))

            def h_of(k, value):
                changed = list(args)
                changed[k] = value
                return t.reference("lstm_forward", *changed)[0]

            numeric = tuple(numeric_gradient(lambda v, k=k: h_of(k, v), args[k], dh) for k in range(5))
            exact = t.reference("lstm_backward", dh, t.reference("lstm_forward", *args)[1])
            if max(rel_error(n, e) for n, e in zip(numeric, exact)) < 1e-6:
                break
        backward(t, args, dh, forward(t, args), expected=numeric, what=" against numerical gradients")
