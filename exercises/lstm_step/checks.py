"""Checks for the lstm_step exercise: h and c of one LSTM step against the reference, each gate
on its own (term isolation), and a diagnosis that names the gate order or the formula the
learner's values match."""

from itertools import permutations

import numpy as np

from tutor.grading.api import check, difference, matching_variant, named_mistake, signature

GATES = ("i", "f", "c̃", "o")
GATE_NAMES = {"i": "the input gate i", "f": "the forget gate f", "c̃": "the candidate c̃", "o": "the output gate o"}
BIG = 30.0  # sigmoid(±30) and tanh(±30) are 0 or 1 to within 1e-13: a gate held fixed


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def columns(k, H):
    """'[H:2H]'-style name of gate k's block of columns."""
    def bound(m):
        return "0" if m == 0 else ("H" if m == 1 else f"{m}H")
    return f"[{bound(k)}:{bound(k + 1)}]"


def variant(x, h_prev, c_prev, Wx, Wh, b, order=GATES, forget="c", tanh_c=True,
            candidate=np.tanh, gate=sigmoid, bias=True, new_c=True):
    """One LSTM step written with a known mistake (the defaults give the right step).

    ``order`` is the gate order the learner's code reads the 4H columns in."""
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + (b if bias else 0.0)
    block = {name: a[:, k * H:(k + 1) * H] for k, name in enumerate(order)}
    i, f, o = gate(block["i"]), gate(block["f"]), gate(block["o"])
    g = candidate(block["c̃"])
    c = f * (c_prev if forget == "c" else h_prev) + i * g
    c_out = c if new_c else c_prev
    h = o * (np.tanh(c_out) if tanh_c else c_out)
    return h, c


ORDERS = {GATES: None, **{order: f"your gates are in the order {', '.join(order)}"
                           + (" (the CS231n order)" if order == ("i", "f", "o", "c̃") else "")
                           + "; Keras uses i, f, c̃, o: the columns of Wx, Wh and b hold the blocks [0:H] i, [H:2H] f, "
                             "[2H:3H] c̃, [3H:4H] o" for order in permutations(GATES) if order != GATES}}
SLIPS = (  # each way to go wrong, in the order of variant's arguments after the gate order (the right one first)
    {"c": None, "h": "the forget gate multiplies h_prev instead of c_prev: c = f * c_prev + i * c̃"},
    {True: None, False: "h = o * c misses the tanh: h = o * tanh(c)"},
    {np.tanh: None, sigmoid: "the candidate c̃ uses sigmoid; it uses tanh (the gates i, f, o use sigmoid)"},
    {sigmoid: None, np.tanh: "the gates i, f, o use tanh; gates use sigmoid, so they lie between 0 and 1"},
    {True: None, False: "the bias b is missing from the pre-activations"},
    {True: None, False: "h is computed from the old cell state c_prev: use the new c, h = o * tanh(c)"},
)


def diagnose(args, got_h, got_c):
    """The first known mistake whose (h, c) equals the learner's, as a sentence, or ''."""
    found = matching_variant(lambda *choices: variant(*args, *choices), (ORDERS, *SLIPS), (got_h, got_c), most=1)
    return named_mistake(found[0]) if found else ""


def step_inputs(rng, n=None, scale=0.6):
    """x (N, D), h_prev and c_prev (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,) with D ≠ H."""
    n = int(rng.choice([1, 2, 3, 5])) if n is None else n
    d, h = int(rng.integers(2, 6)), int(rng.integers(2, 5))
    d = d + 1 if d in (h, n) else d
    return (rng.normal(size=(n, d)), rng.normal(size=(n, h)), rng.normal(size=(n, h)),
            rng.normal(scale=scale, size=(d, 4 * h)), rng.normal(scale=scale, size=(h, 4 * h)),
            rng.normal(scale=scale, size=4 * h))


def run(t, args):
    """The learner's (h, c) for ``args``, after checking the return value's form."""
    return t.run("lstm_step_forward", args, returns=("h", "c", "cache"))[:2]


def step(t, args, hint=""):
    """Check the learner's c and h against the reference; name a known mistake if one matches."""
    label, expected, got = signature("lstm_step_forward", args, {}), t.reference("lstm_step_forward", *args), run(t, args)
    for k, name in ((1, "c"), (0, "h")):
        t.expect_match(expected[k], got[k], label=f"{name} of {label}", hint=hint, explain=lambda *_: diagnose(args, *got))


@check("the lesson's worked example", points=1)
def worked_example(t):
    x, h_prev, c_prev = np.array([[1.0, 2.0]]), np.array([[0.5]]), np.array([[1.0]])
    Wx = np.array([[0.5, 0.25, 0.5, -0.5], [0.0, 0.5, -0.25, 0.0]])
    Wh, b = np.array([[-1.0, -0.5, 1.0, 0.0]]), np.array([0.0, 0.0, 0.0, 0.5])
    step(t, (x, h_prev, c_prev, Wx, Wh, b),
         hint="The lesson works this example out: a = [0, 1, 0.5, 0], c = 0.9621, h = 0.3726.")


@check("random batches and sizes (D ≠ H)", points=3)
def random_steps(t):
    for rng in t.trials(6):
        step(t, step_inputs(rng))


@check("a batch of one sample", points=1)
def single_sample(t):
    for rng in t.trials(2):
        step(t, step_inputs(rng, n=1))


@check("each gate on its own (the other gates held at 0 or 1)", points=3)
def gates_one_at_a_time(t):
    wrong, h_only = [], True
    x, h_prev, c_prev, Wx, Wh, b = step_inputs(t.rng, n=3)
    H = h_prev.shape[1]
    # The value each other gate is held at while one gate varies :
    #   i varies: c = i, h = tanh(i);   f varies: c = f * c_prev;   c̃ varies: c = c̃;   o varies: h = o * tanh(1).
    held = {"i": {"f": -BIG, "c̃": BIG, "o": BIG}, "f": {"i": -BIG, "c̃": BIG, "o": BIG},
            "c̃": {"i": BIG, "f": -BIG, "o": BIG}, "o": {"i": BIG, "f": -BIG, "c̃": BIG}}
    for k, gate in enumerate(GATES):
        Wx_, Wh_, b_ = Wx.copy(), Wh.copy(), b.copy()
        for other, value in held[gate].items():
            j = GATES.index(other)
            Wx_[:, j * H:(j + 1) * H] = 0.0
            Wh_[:, j * H:(j + 1) * H] = 0.0
            b_[j * H:(j + 1) * H] = value
        args = (x, h_prev, c_prev, Wx_, Wh_, b_)
        h_ref, c_ref, _ = t.reference("lstm_step_forward", *args)
        h, c = run(t, args)
        c_bad, h_bad = difference(c_ref, c), difference(h_ref, h)
        if c_bad or h_bad:
            wrong.append((k, gate, f"c: {c_bad}" if c_bad else f"h: {h_bad}"))
            h_only = h_only and not c_bad
    if not wrong:
        return
    if len(wrong) == 4 and h_only:
        t.fail("c is right with every gate isolated, but h is not: h = o * tanh(c), with the new c. "
               + wrong[0][2] + ".")
    names = " or ".join(f"{GATE_NAMES[g]} (columns {columns(k, H)})" for k, g, _ in wrong)
    message = (f"With three gates held at 0 or 1 and one varying, your step is wrong when the varying "
               f"gate is {names}: {wrong[0][2]}.")
    if len(wrong) > 1:
        message += (" Two or more wrong blocks usually mean the gates are read in another order than "
                    "Keras' i, f, c̃, o.")
    if "f" in [g for _, g, _ in wrong] and len(wrong) == 1:
        message += " The forget gate scales the previous cell state: f * c_prev."
    t.fail(message)


@check("large pre-activations saturate without NaN", points=1)
def saturation(t):
    x, h_prev, c_prev, Wx, Wh, b = step_inputs(t.rng, n=2)
    step(t, (x * 400.0, h_prev, c_prev, Wx, Wh, b * 400.0),
         hint="Pre-activations of ±1000 must give gates of exactly 0 or 1, never NaN.")
