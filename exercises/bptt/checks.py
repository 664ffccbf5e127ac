"""Checks for the bptt exercise. BPTT gradients: tolerance 1e-5 (CURRICULUM).

The learner's bptt returns totals only, so to find *where* backpropagation through time goes
wrong the checks run it on the prefixes x[:1], x[:2], …, x[:T] of one sequence (same h0, same
target) and report the first length at which a gradient stops matching: going from length L−1 to
L adds exactly one step, and the gradient that flows back from step L into step L−1.
"""

import re

import numpy as np

from tutor.grading.api import LearnerError, check, difference, different, named_mistake, numeric_gradients, sentences, signature

RTOL = 1e-5
LONG = 25  # steps of the long sequence
KEYS = ("W", "U", "V", "b", "c")
RECURRENT = ("W", "U", "b")
FORMULAS = {
    "W": "dW += np.outer(dz_t, h_{t-1})",
    "U": "dU += np.outer(dz_t, x[t])",
    "b": "db += dz_t",
    "V": "dV = np.outer(y_hat - y, h_T)",
    "c": "dc = y_hat - y",
}


BROADCAST = ("could not be broadcast", "non-broadcastable output operand")
LAST_FRAME = re.compile(r'File "[^"]*", line (\d+), in [^\n]*\n\s+([^\n]+)\n(?!.*File ")', re.DOTALL)


def broadcast_hint(crashed: LearnerError) -> str:
    """What to change when two arrays in the learner's own line cannot broadcast: the textbook
    listing's ``dy = 0`` for the steps before the last makes ``np.dot(V.T, dy)`` a matrix."""
    if not any(words in str(crashed) for words in BROADCAST):
        return ""
    found = LAST_FRAME.search(crashed.traceback or "")
    where = f" in your line {found.group(1)}, `{found.group(2).strip()}`," if found else ""
    return (f"Arrays whose shapes do not fit together met{where} so some gradient has the wrong shape. In the "
            "backward pass dh must stay a vector of shape (H,) at every step. If dy is the number 0 for the steps "
            "before the last (dy = y_pred - y if t == T-1 else 0, as in the textbook listing), np.dot(V.T, dy) is "
            "V.T times 0, a matrix of shape (H, K): use dy = np.zeros_like(y_pred) there, or compute "
            "dh = V.T @ (y_pred - y) once before the loop and carry only dh = W.T @ dz back")


def problem(rng, T=None, scale=0.8):
    """x (T, D), y (K,), h0 (H,), params with D ≠ H ≠ K (so a transposed or swapped matrix
    shows in its shape), weights scaled so that the tanh does not saturate."""
    T = int(rng.integers(2, 7)) if T is None else T
    d = different(rng, 2, 5)
    h = different(rng, 3, 7, d)
    k = different(rng, 1, 4, d, h)
    params = {"W": rng.normal(scale=scale / np.sqrt(h), size=(h, h)),
              "U": rng.normal(scale=scale / np.sqrt(d), size=(h, d)),
              "V": rng.normal(scale=1.0 / np.sqrt(h), size=(k, h)),
              "b": rng.normal(scale=0.2, size=h), "c": rng.normal(scale=0.2, size=k)}
    return rng.normal(size=(T, d)), rng.normal(size=k), np.tanh(rng.normal(scale=0.5, size=h)), params


def run(t, args):
    """The learner's (loss, grads, h_T) for ``args``, with its layout checked."""
    label = signature("bptt", args, {})
    try:
        got = t.run("bptt", args, returns=("loss", "grads", "h_T"))
    except LearnerError as crashed:
        if crashed.mistake or not (hint := broadcast_hint(crashed)):
            raise
        raise LearnerError(sentences(str(crashed), hint), crashed.traceback) from None
    if not isinstance(got[1], dict):
        t.fail(f"{label}: grads should be a dict with keys {list(KEYS)}, got {t.describe(got[1])}")
    if missing := [key for key in KEYS if key not in got[1]]:
        mistake = t.known_mistake(got, RTOL, "bptt", args, {}, expected=t.reference("bptt", *args)) or ""
        t.fail(sentences(f"{label}: grads has no gradient for {', '.join(map(repr, missing))}. Every parameter needs "
                         "one, including the read-out's V and c: dV = np.outer(y_hat - y, h_T), dc = y_hat - y "
                         "(the textbook listing this exercise comes from forgets them)", named_mistake(mistake)), mistake)
    return got


def compare_forward(t, args, got, expected, label):
    t.expect_match(expected[0], got[0], rtol=1e-7, label=f"the loss of {label}",
                   hint="loss = 0.5 * np.sum((V @ h_T + c - y) ** 2), with h_t = tanh(W @ h_{t-1} + U @ x[t] + b).",
                   mutant_call=("bptt", args, {}))
    t.expect_match(expected[2], got[2], rtol=1e-7, label=f"h_T of {label}",
                   hint="h_T is the state after the last step, shape (H,).", mutant_call=("bptt", args, {}))


def compare_all(t, args, hint=""):
    """Loss and h_T (forward, 1e-7), then each gradient (1e-5), each with its own message."""
    expected, label, got = t.reference("bptt", *args), signature("bptt", args, {}), run(t, args)
    compare_forward(t, args, got, expected, label)
    for key in KEYS:
        if found := difference(expected[1][key], got[1][key], RTOL):
            mistake = t.known_mistake(got, RTOL, "bptt", args, {}, expected=expected) or ""
            t.fail(sentences(f"grads[{key!r}] of {label}: {found}", FORMULAS[key], hint, named_mistake(mistake)), mistake)
    return got


def contributions(x, y, h0, params):
    """Each time step's own part of dW, dU and db (the reference's backward pass, kept apart)."""
    W, U, V, b, c = (params[key] for key in KEYS)
    hs = [h0]
    for step in x:
        hs.append(np.tanh(W @ hs[-1] + U @ step + b))
    dh = V.T @ (V @ hs[-1] + c - y)
    parts = {key: [None] * len(x) for key in RECURRENT}
    for s in reversed(range(len(x))):
        dz = dh * (1.0 - hs[s + 1] ** 2)
        parts["W"][s], parts["U"][s], parts["b"][s] = np.outer(dz, hs[s]), np.outer(dz, x[s]), dz
        dh = W.T @ dz
    return parts


def diagnose(key, got, length, args):
    """Why grads[key] went wrong when the sequence grew to ``length`` steps, in one sentence."""
    parts = contributions(*args)[key] if key in RECURRENT else None
    if parts and difference(parts[-1], got, RTOL) is None:
        return (f"your d{key} equals the contribution of time step {length} alone, so the gradient flowing "
                f"back from time step {length} into step {length - 1} is missing: is dh_next carried back "
                f"(dh = W.T @ dz after each step)?")
    if parts and difference(parts[0], got, RTOL) is None:
        return (f"your d{key} equals the contribution of time step 1 alone, as if each step overwrote the one "
                f"before: accumulate over the steps with d{key} += …, not d{key} = ….")
    return (f"what flows back from step {length} into step {length - 1} is wrong or missing. Check that "
            f"dh = W.T @ dz carries the gradient into the previous step and that dW, dU and db accumulate "
            f"over the steps with +=.")


def locate(t, x, y, h0, params):
    """Run the learner on x[:1], x[:2], …; fail at the first length where something diverges."""
    for length in range(1, len(x) + 1):
        args = (x[:length], y, h0, params)
        expected = t.reference("bptt", *args)
        got = run(t, args)
        label = f"bptt on the first {length} step{'s' if length > 1 else ''} of x"
        compare_forward(t, args, got, expected, label)
        wrong = [key for key in KEYS if difference(expected[1][key], got[1][key], RTOL)]
        if not wrong:
            continue
        names = " and ".join(", ".join(f"grads[{k!r}]" for k in wrong).rsplit(", ", 1))
        verb = "is" if len(wrong) == 1 else "are"
        first = wrong[0]
        detail = f"(grads[{first!r}]: {difference(expected[1][first], got[1][first], RTOL)})"
        if length == 1:
            message = (f"{label}: {names} {verb} wrong already for a sequence of length 1, one step with no "
                       f"recurrence yet {detail}. ")
            if set(RECURRENT) <= set(wrong):
                message += ("dW, dU and db all start from dz_t, so check it: dz_t = dh * (1 - h_t**2) with h_t "
                            "the tanh's output, and dh = V.T @ (y_hat - y) for the last step.")
            else:
                message += (f"Check the single step: {FORMULAS[first]}, with dz_t = dh * (1 - h_t**2) and "
                            f"h_{{t-1}} the state that went into the step (h0 for the first one).")
        else:
            upto = f" to {length - 1}" if length > 2 else ""
            message = (f"{label}: {names} {verb} right for sequences of length 1{upto} but wrong from length "
                       f"{length} {detail}. Time step {length} is the first whose gradient diverges: "
                       + diagnose(first, got[1][first], length, args))
        mistake = t.known_mistake(got, RTOL, "bptt", args, {}, expected=expected) or ""
        t.fail(sentences(message, named_mistake(mistake)), mistake)


@check("the lesson's worked example (T = 2, one unit)", points=1)
def worked_example(t):
    params = {"W": np.array([[0.5]]), "U": np.array([[1.0]]), "V": np.array([[2.0]]),
              "b": np.array([0.0]), "c": np.array([0.0])}
    compare_all(t, (np.array([[1.0], [0.5]]), np.array([1.0]), np.array([0.0]), params))


@check("grads has a gradient for every parameter: W, U, V, b and c", points=1)
def every_parameter(t):
    x, y, h0, params = problem(t.rng)
    got = run(t, (x, y, h0, params))
    for key in KEYS:
        shape = np.shape(got[1][key])
        t.expect(shape == params[key].shape,
                 f"grads[{key!r}] has shape {shape}, but {key} has shape {params[key].shape}: "
                 "each gradient has the shape of its parameter")


@check("loss and h_T (the forward pass)", points=1)
def forward(t):
    for rng in t.trials(4):
        args = problem(rng)
        expected = t.reference("bptt", *args)
        compare_forward(t, args, run(t, args), expected, signature("bptt", args, {}))


@check("every gradient on random sequences (T = 2 to 6, D ≠ H ≠ K)", points=3)
def gradients(t):
    for rng in t.trials(6):
        compare_all(t, problem(rng))


@check("where BPTT goes wrong: gradients on the first 1, 2, …, T steps of a sequence", points=3)
def time_steps(t):
    for rng in t.trials(3):
        locate(t, *problem(rng, T=int(rng.integers(4, 7))))


@check(f"a sequence of one step, and a long sequence (T = {LONG})", points=1)
def lengths(t):
    compare_all(t, problem(t.rng, T=1), hint="With T = 1 there is no recurrence: only h0 feeds the step.")
    compare_all(t, problem(t.rng, T=LONG, scale=0.6))


@check("gradients agree with numerical gradients of the loss", points=2)
def numeric(t):
    for rng in t.trials(3):
        def numeric(problem_):
            x, y, h0, params = problem_
            return numeric_gradients(lambda p: t.reference("bptt", x, y, h0, p)[0], params)

        (x, y, h0, params), numeric_grads = t.stable_gradients(
            lambda: problem(rng, T=int(rng.integers(2, 5))), numeric, lambda p: t.reference("bptt", *p)[1], rtol=1e-7)
        got = run(t, (x, y, h0, params))
        label = signature("bptt", (x, y, h0, params), {})
        for key in KEYS:
            t.expect_match(numeric_grads[key], got[1][key], rtol=RTOL,
                           label=f"grads[{key!r}] of {label} against numerical gradients",
                           hint=f"{FORMULAS[key]}.")


@check("sgd_step: p − lr·dp for every parameter", points=1)
def sgd(t):
    for rng in t.trials(3):
        _, _, _, params = problem(rng)
        grads = {key: rng.normal(size=value.shape) for key, value in params.items()}
        lr = float(rng.choice([0.01, 0.1, 0.5]))
        t.compare("sgd_step", (params, grads, lr), hint="Each parameter moves against its gradient: p - lr * dp.")
