"""Checks for the gru_step exercise: one GRU step (Keras, reset_after=False) against the reference,
with term isolation that names the update gate, the reset gate or the candidate."""

import numpy as np

from tutor.grading.api import check

BIG = 30.0  # sigmoid(±30) is 0 or 1 to within 1e-13: a gate held fixed


def step_inputs(rng, n=None, scale=0.6):
    """x (N, D), h_prev (N, H), Wx (D, 3H), Wh (H, 3H), b (3H,) with D ≠ H."""
    n = int(rng.choice([1, 2, 3, 5])) if n is None else n
    d, h = int(rng.integers(2, 6)), int(rng.integers(2, 5))
    d = d + 1 if d in (h, n) else d
    return (rng.normal(size=(n, d)), rng.normal(size=(n, h)), rng.normal(scale=scale, size=(d, 3 * h)),
            rng.normal(scale=scale, size=(h, 3 * h)), rng.normal(scale=scale, size=3 * h))


@check("the lesson's worked example", points=1)
def worked_example(t):
    x, h_prev = np.array([[1.0, -1.0]]), np.array([[0.5]])
    Wx = np.array([[0.5, 1.0, 0.5], [0.5, 0.0, -0.5]])
    Wh, b = np.array([[2.0, 2.0, 2.0]]), np.array([0.0, 0.0, -1.0])
    t.compare("gru_step_forward", (x, h_prev, Wx, Wh, b),
              hint="The lesson works this example out: z = 0.7311, r = 0.8808, h̃ = 0.7068, h = 0.5556.")


@check("random batches and sizes (D ≠ H)", points=3)
def random_steps(t):
    for rng in t.trials(6):
        t.compare("gru_step_forward", step_inputs(rng))


@check("a batch of one sample", points=1)
def single_sample(t):
    for rng in t.trials(2):
        t.compare("gru_step_forward", step_inputs(rng, n=1))


@check("h_prev = 0: only the input terms are left", points=1)
def zero_state(t):
    for rng in t.trials(2):
        x, h_prev, Wx, Wh, b = step_inputs(rng)
        t.compare("gru_step_forward", (x, np.zeros_like(h_prev), Wx, Wh, b),
                  hint="With h_prev = 0 the reset gate has no effect and h = (1 − z) * h̃: check the input "
                       "blocks of Wx and b (z, r, h̃ in that order) and which side of the blend gets z.")


@check("the update gate z alone (Wh's candidate block zero, so the reset gate has no effect)", points=2)
def update_gate(t):
    for rng in t.trials(3):
        x, h_prev, Wx, Wh, b = step_inputs(rng)
        H = h_prev.shape[1]
        Wh = Wh.copy()
        Wh[:, 2 * H:] = 0.0
        t.compare("gru_step_forward", (x, h_prev, Wx, Wh, b),
                  hint="Here the update gate z (columns [0:H]) decides alone: h = z * h_prev + (1 − z) * h̃, "
                       "so z = 1 keeps the old state.")


@check("the reset gate r alone (z held at 0, so h = h̃)", points=2)
def reset_gate(t):
    for rng in t.trials(3):
        x, h_prev, Wx, Wh, b = step_inputs(rng)
        H = h_prev.shape[1]
        Wx, Wh, b = Wx.copy(), Wh.copy(), b.copy()
        Wx[:, :H], Wh[:, :H], b[:H] = 0.0, 0.0, -BIG
        t.compare("gru_step_forward", (x, h_prev, Wx, Wh, b),
                  hint="Here z = 0, so h = h̃ = tanh(x @ Wx[:, 2H:] + b[2H:] + (r * h_prev) @ Wh[:, 2H:]): the "
                       "reset gate r (columns [H:2H]) scales h_prev *before* the product with Wh.")


@check("large pre-activations saturate without NaN", points=1)
def saturation(t):
    x, h_prev, Wx, Wh, b = step_inputs(t.rng, n=2)
    t.compare("gru_step_forward", (x * 400.0, h_prev, Wx, Wh, b * 400.0),
              hint="Pre-activations of ±1000 must give gates of exactly 0 or 1, never NaN.")
