"""Checks for the custom training step: the loss, the global norm and the updated parameters against
the reference (run in a TensorFlow worker), with and without clipping, and calls that stay independent."""

import numpy as np

from tutor.grading.api import check, same

RTOL = 1e-6
NAMES = ("W1", "b1", "W2", "b2")
PARTS = ((1, "loss", "The loss is the mean of (ŷ − y)² over all N·K entries, measured BEFORE the update"),
         (2, "global_norm", "The global norm is √(sum of the squares of ALL the gradients, biases included), "
                            "measured BEFORE clipping: the second value tf.clip_by_global_norm returns"),
         (0, "new_params", "Each new parameter is params[name] − learning_rate · its clipped gradient"))


def _problem(rng, n=None, d=None, h=None, k=None, far_targets=False):
    """params, x and y of a random small network: D ≠ H, so a transposed W1 has the wrong shape."""
    n = n or int(rng.integers(1, 6))
    d = d or int(rng.integers(2, 6))
    h = h or int(rng.choice([size for size in range(2, 7) if size != d]))
    k = k or int(rng.integers(1, 4))
    params = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h) * 0.5,
              "W2": rng.normal(size=(h, k)), "b2": rng.normal(size=k) * 0.5}
    # Far-off targets (20 to 40, where ŷ stays under ~10) make every error large and of one sign.
    y = rng.uniform(20.0, 40.0, size=(n, k)) if far_targets else rng.normal(size=(n, k))
    return params, rng.normal(size=(n, d)), y


def _global_norm(arrays) -> float:
    return float(np.sqrt(sum(np.sum(np.square(a)) for a in arrays)))


def _step_size(params, got) -> float | None:
    """How far the learner's step moved the parameters (their global norm), when it can be measured."""
    try:
        return _global_norm(np.asarray(got[0][name], dtype=np.float64) - params[name] for name in NAMES)
    except (TypeError, KeyError, ValueError, IndexError):
        return None


def _compare_step(t, params, x, y, learning_rate, max_norm, label, extra_hint=None):
    """Run learner and reference on the same step; compare loss, global_norm, new_params in that order."""
    args = (params, x, y, learning_rate, max_norm)
    expected = t.reference("train_step", *args)
    got = t.call("train_step", *args)
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        t.fail(f"{label}: train_step must return a tuple (new_params, loss, global_norm), got {t.describe(got)}")
    for part, name, hint in PARTS:
        if part == 0 and extra_hint:
            hint = f"{hint}. {extra_hint(got)}"
        t.expect_match(expected[part], got[part], rtol=RTOL, label=f"{label}: {name}", hint=hint,
                       mutant_call=("train_step", args, {}), part=part)
    return expected, got


def worked_example():
    params = {"W1": np.array([[0.5, -1.0], [1.0, 0.5]]), "b1": np.array([0.0, 0.5]),
              "W2": np.array([[1.0], [-2.0]]), "b2": np.array([0.5])}
    x = np.array([[1.0, 0.0], [0.0, 2.0]])
    y = np.array([[2.0], [-1.0]])
    return params, x, y, 0.1, 1.0


@check("the lesson's example: two samples, a 2-2-1 network, clipping active", points=1)
def lesson_example(t):
    _compare_step(t, *worked_example(), label="the lesson's example")


@check("random shapes (D ≠ H, several outputs, a batch of one), no clipping needed", points=2)
def random_shapes(t):
    for rng in t.trials(4):
        params, x, y = _problem(rng)
        _compare_step(t, params, x, y, float(rng.uniform(0.01, 0.5)), 1e3, label="a random network")
    params, x, y = _problem(t.rng, n=1, d=4, h=3, k=2)
    _compare_step(t, params, x, y, 0.1, 1e3, label="a batch of one sample")


@check("clipping active: large gradients are scaled down to max_norm, all together", points=2)
def clipping_active(t):
    for rng in t.trials(3):
        params, x, y = _problem(rng, far_targets=True)  # large gradients
        learning_rate, max_norm = float(rng.uniform(0.05, 0.5)), float(rng.uniform(0.5, 2.0))
        expected_norm = t.reference("train_step", params, x, y, learning_rate, max_norm)[2]
        assert expected_norm > 2 * max_norm, "the check's data must make clipping active"

        def moved(got, params=params, norm=expected_norm, bound=learning_rate * max_norm, max_norm=max_norm):
            step = _step_size(params, got)
            measured = f"; yours moved them by {step:.6g}" if step is not None else ""
            return (f"The gradients' global norm is {norm:.6g} > max_norm = {max_norm:g}, so every gradient "
                    "is multiplied by max_norm / global_norm: the step then moves the parameters by exactly "
                    f"learning_rate × max_norm = {bound:.6g} (in global norm){measured}")

        _compare_step(t, params, x, y, learning_rate, max_norm, label="clipping active", extra_hint=moved)


@check("clipping inactive: a global norm under max_norm leaves the gradients unchanged", points=1)
def clipping_inactive(t):
    for rng in t.trials(3):
        params, x, y = _problem(rng)
        learning_rate = float(rng.uniform(0.05, 0.5))
        norm = t.reference("train_step", params, x, y, learning_rate, 1e6)[2]
        max_norm = float(norm * rng.uniform(1.05, 2.0))  # just above the norm: nothing to clip
        _compare_step(t, params, x, y, learning_rate, max_norm, label="clipping inactive",
                      extra_hint=lambda got: "Under max_norm the step is plain SGD: "
                                             "params − learning_rate · gradient")


@check("each call starts from the params it is given (no state kept between calls)", points=1)
def independent_calls(t):
    rng = t.rng
    first_params, x, y = _problem(rng, d=2, h=2, k=1)  # the lesson's shapes
    other_params, _, _ = _problem(rng, d=2, h=2, k=1)
    args = (first_params, x, y, 0.1, 1.0)
    first = t.call("train_step", *args)
    t.call("train_step", other_params, x, y, 0.1, 1.0)
    again = t.call("train_step", *args)
    if same(first, first, 0.0) and not same(first, again, 1e-12):  # (not comparable: the comparison below says why)
        t.fail("calling train_step again with the same inputs returned something else: your function keeps "
               "state between calls (variables or an optimizer created once and reused). Create the "
               "tf.Variables from params inside train_step, on every call")
    _compare_step(t, *args, label="the same step, called again")
