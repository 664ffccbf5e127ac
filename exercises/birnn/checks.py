"""Checks for the birnn exercise: a simple RNN over a sequence, then the bidirectional RNN, with
feedback that says which half (forward or backward) and which time step is wrong."""

import numpy as np

from tutor.grading.api import check, difference, first_wrong_step


def params(rng, d, h):
    return {"Wx": rng.normal(scale=0.8, size=(d, h)), "Wh": rng.normal(scale=0.8, size=(h, h)),
            "b": rng.normal(scale=0.5, size=h)}


def inputs(rng, n=None, t=None):
    """x (N, T, D) and two parameter dicts with D ≠ H ≠ T."""
    n = int(rng.choice([1, 2, 3])) if n is None else n
    t = int(rng.integers(2, 6)) if t is None else t
    d, h = int(rng.integers(2, 5)), int(rng.integers(2, 5))
    d = d + 1 if d == h else d
    return rng.normal(size=(n, t, d)), params(rng, d, h), params(rng, d, h)


def explain(args, expected, got):
    """Which half of the output (forward / backward) is wrong, and from which time step on."""
    x, forward, backward = args
    H = forward["Wh"].shape[0]
    f_bad = difference(expected[..., :H], got[..., :H], 1e-7)
    b_bad = difference(expected[..., H:], got[..., H:], 1e-7)
    parts = []
    if f_bad:
        step = first_wrong_step(expected[..., :H], got[..., :H])
        parts.append(f"the forward half out[..., :H] first differs at t = {step} (it should equal "
                     f"rnn_forward(x, zeros, forward['Wx'], forward['Wh'], forward['b']))")
    else:
        parts.append("the forward half out[..., :H] is right")
    if b_bad:
        last = expected.shape[1] - 1
        step = first_wrong_step(expected[..., H:], got[..., H:], from_end=True)
        where = ("already at the last time step, where the backward RNN starts" if step == last
                 else f"from t = {step} down (right from the last step back to t = {step + 1})")
        parts.append(f"the backward half out[..., H:] is wrong {where}")
    else:
        parts.append("the backward half out[..., H:] is right")
    return "; ".join(parts)


def birnn(t, args, hint=""):
    """Compare the learner's birnn_forward with the reference; explain which half is wrong."""
    def halves(expected, got):
        detail = explain(args, expected, got) if isinstance(got, np.ndarray) and got.shape == expected.shape else ""
        return detail[:1].upper() + detail[1:]

    t.compare("birnn_forward", args, label=f"birnn_forward(x: {args[0].shape}, forward, backward)", explain=halves,
              hint=hint)


@check("rnn_forward: a simple RNN over a sequence, from h0", points=2)
def rnn_forward_random(t):
    for rng in t.trials(4):
        x, forward, _ = inputs(rng)
        h0 = rng.normal(size=(x.shape[0], forward["Wh"].shape[0]))
        t.compare("rnn_forward", (x, h0, forward["Wx"], forward["Wh"], forward["b"]),
                  hint="h[:, t] = tanh(x[:, t] @ Wx + h[:, t-1] @ Wh + b), starting from h0; h has shape (N, T, H).")


@check("the lesson's worked example", points=1)
def worked_example(t):
    x = np.array([[[1.0], [0.0], [-1.0]]])
    forward = {"Wx": np.array([[1.0]]), "Wh": np.array([[0.5]]), "b": np.array([0.0])}
    backward = {"Wx": np.array([[-1.0]]), "Wh": np.array([[1.0]]), "b": np.array([0.5])}
    birnn(t, (x, forward, backward),
          hint="The lesson works it out: out = [[0.7616, 0.3683], [0.3634, 0.8865], [−0.6741, 0.9051]].")


@check("random sequences (D ≠ H ≠ T)", points=3)
def random_sequences(t):
    for rng in t.trials(5):
        birnn(t, inputs(rng))


@check("a batch of one, and a sequence of one step", points=1)
def edge_cases(t):
    for rng in t.trials(2):
        birnn(t, inputs(rng, n=1))
    birnn(t, inputs(t.rng, n=2, t=1), hint="With T = 1 both directions read the same single step.")


@check("the backward direction alone (forward weights zero)", points=2)
def backward_alone(t):
    for rng in t.trials(3):
        x, forward, backward = inputs(rng, t=int(rng.integers(3, 6)))
        forward = {key: np.zeros_like(value) for key, value in forward.items()}
        birnn(t, (x, forward, backward),
              hint="The backward RNN starts at zeros at the *last* step, x[:, T-1], walks to x[:, 0] with "
                   "its own weights, and its states are put back in time order: out[:, t, H:] is its "
                   "state after reading x[:, T-1], …, x[:, t].")
