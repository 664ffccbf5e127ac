"""Checks for the two_layer_net exercise. Whole-network gradients: tolerance 1e-4 (CURRICULUM)."""

import numpy as np

from tutor.grading.api import check, different, numeric_gradients

RTOL = 1e-4
KEYS = ("W1", "b1", "W2", "b2")


def problem(rng, n=None, margin=0.01):
    """params, x, y with D ≠ H ≠ K and every hidden pre-activation at least ``margin`` from the
    ReLU's kink at 0 (so numerical gradients are meaningful)."""
    n = int(rng.choice([1, 2, 3, 5, 8])) if n is None else n
    d = different(rng, 2, 6, n)
    h = different(rng, 3, 8, d, n)
    k = different(rng, 2, 5, h, d)
    for _ in range(1000):
        x = rng.normal(size=(n, d))
        W1, b1 = rng.normal(scale=0.8, size=(d, h)), rng.normal(scale=0.3, size=h)
        if np.min(np.abs(x @ W1 + b1)) > margin:
            break
    params = {"W1": W1, "b1": b1, "W2": rng.normal(scale=0.8, size=(h, k)),
              "b2": rng.normal(scale=0.3, size=k)}
    return params, x, rng.integers(0, k, size=n)


def compare(t, params, x, y, reg, hint=""):
    t.compare("two_layer_loss", (params, x, y, reg), rtol=RTOL, hint=hint)


@check("the lesson's worked example, without and with regularisation", points=1)
def worked_example(t):
    params = {"W1": np.array([[1.0, -1.0, 0.5], [0.5, 1.0, -1.0]]), "b1": np.array([0.0, 0.5, 0.5]),
              "W2": np.array([[1.0, -1.0], [0.5, -0.5], [-1.0, 1.0]]), "b2": np.array([0.0, 0.0])}
    x, y = np.array([[1.0, 2.0], [-1.0, 0.5]]), np.array([0, 1])
    compare(t, params, x, y, 0.0)
    compare(t, params, x, y, 0.1)


@check("loss and gradients without regularisation (reg = 0)", points=3)
def data_only(t):
    for rng in t.trials(6):
        compare(t, *problem(rng), 0.0, hint="With reg = 0 only the softmax cross-entropy is left.")


@check("loss and gradients with L2 regularisation", points=2)
def regularised(t):
    for rng in t.trials(6):
        reg = float(rng.choice([0.01, 0.1, 0.5, 2.0]))
        compare(t, *problem(rng), reg,
                hint="The loss adds 0.5·reg·(ΣW1² + ΣW2²); its gradient adds reg·W1 and reg·W2, nothing to b1, b2.")


@check("the regularisation term alone: (result with reg) − (result with reg = 0)", points=1)
def regularisation_alone(t):
    for rng in t.trials(3):
        params, x, y = problem(rng)
        reg = float(rng.choice([0.1, 1.0]))
        with_reg, without = t.call("two_layer_loss", params, x, y, reg), t.call("two_layer_loss", params, x, y, 0.0)
        try:
            got = (float(with_reg[0]) - float(without[0]),
                   {key: np.asarray(with_reg[1][key]) - np.asarray(without[1][key]) for key in KEYS})
        except (TypeError, KeyError, IndexError, ValueError):
            t.fail("two_layer_loss should return (loss, grads) with grads a dict with keys "
                   "'W1', 'b1', 'W2', 'b2'")
        expected = (0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2)),
                    {"W1": reg * params["W1"], "b1": np.zeros_like(params["b1"]),
                     "W2": reg * params["W2"], "b2": np.zeros_like(params["b2"])})
        t.expect_match(expected, got, rtol=RTOL, label=f"the regularisation part with reg = {reg:g}",
                       hint="The L2 term adds 0.5·reg·(ΣW1² + ΣW2²) to the loss, reg·W to dW1 and dW2, "
                            "and nothing to db1 and db2.")


@check("a batch of one sample", points=1)
def single_sample(t):
    for rng in t.trials(2):
        compare(t, *problem(rng, n=1), float(rng.choice([0.0, 0.1])))


@check("gradients agree with numerical gradients of the loss", points=2)
def numeric(t):
    for rng in t.trials(3):
        def make():  # inputs away from the ReLU's kink, where numerical gradients carry ~1e-11 of rounding noise
            return (*problem(rng, n=int(rng.choice([2, 4])), margin=0.05), float(rng.choice([0.0, 0.05])))

        def numeric(problem_):
            params, x, y, reg = problem_
            return (t.reference("two_layer_loss", *problem_)[0],
                    numeric_gradients(lambda p: t.reference("two_layer_loss", p, x, y, reg)[0], params))

        args, expected = t.stable_gradients(make, numeric, lambda p: t.reference("two_layer_loss", *p), rtol=1e-6)
        t.compare("two_layer_loss", args, expected=expected, rtol=RTOL, label=f"two_layer_loss(…, reg={args[3]:g})",
                  against="numerical gradients")
