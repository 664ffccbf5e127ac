"""Checks for the additive-attention layer: built on given inputs, given the same weights as the
reference layer (W1, W2, v in that order), its (context, weights) compared with the reference's."""

import numpy as np

from tutor.grading.api import LearnerError, check

RTOL = 1e-6
LAYER = "AdditiveAttention"


def _case(rng, batch=None, steps=None, d_query=None, d_value=None, units=None):
    """query, values and the three weight arrays; T, d_value and units differ, d_query ≠ d_value."""
    batch = batch or int(rng.integers(2, 5))
    steps = steps or int(rng.integers(2, 8))
    d_query = d_query or int(rng.integers(2, 6))
    d_value = d_value or int(rng.choice([d for d in range(2, 7) if d not in (d_query, steps)]))
    units = units or int(rng.choice([u for u in range(2, 7) if u not in (steps, d_value)]))
    query = rng.normal(size=(batch, d_query))
    values = rng.normal(size=(batch, steps, d_value))
    weights = [rng.normal(size=(d_query, units)) / np.sqrt(d_query),
               rng.normal(size=(d_value, units)) / np.sqrt(d_value),
               rng.normal(size=(units, 1))]
    return units, [query, values], weights


def _shapes(inputs, units) -> str:
    query, values = inputs[0], inputs[1]
    return (f"batch {values.shape[0]}, T = {values.shape[1]}, d_query = {query.shape[1]}, "
            f"d_value = {values.shape[2]}, units = {units}")


def _compare(t, units, inputs, weights, label):
    """compare_layer in float64, with plain words for a layer that cannot take the given weights."""
    query, values = inputs[0], inputs[1]
    try:
        return t.compare_layer(LAYER, {"units": units, "dtype": "float64"}, inputs, weights, rtol=RTOL,
                               label=f"{label} ({_shapes(inputs, units)}) → (context, weights)")
    except LearnerError as crashed:
        message = str(crashed)
        if "has weights of shapes" in message:
            t.fail(f"{label}: {message.split(': ', 1)[-1]}. build() must create, with add_weight and no "
                   f"biases, W1 (d_query, units) = {(query.shape[1], units)} for the query, then W2 "
                   f"(d_value, units) = {(values.shape[2], units)} for the values, then v (units, 1) = "
                   f"{(units, 1)}")
        if "unexpected keyword argument 'dtype'" in message:
            t.fail("AdditiveAttention(units, dtype='float64') raised TypeError: __init__ must take **kwargs "
                   "and pass them on with super().__init__(**kwargs)")
        raise


def worked_example():
    query = np.array([[1.0, 0.0, -1.0]])
    values = np.array([[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 2.0]]])
    weights = [np.array([[1.0, 0.0], [0.0, 1.0], [0.5, -0.5]]),   # W1 (d_query = 3, units = 2)
               np.array([[0.0, 1.0], [1.0, 0.0]]),                # W2 (d_value = 2, units = 2)
               np.array([[1.0], [-1.0]])]                         # v (units = 2, 1)
    return 2, [query, values], weights


@check("the lesson's example: one query, four time steps, with and without a mask", points=1)
def lesson_example(t):
    units, inputs, weights = worked_example()
    _compare(t, units, inputs, weights, "the lesson's example")
    _compare(t, units, inputs + [np.array([[True, True, True, False]])], weights,
             "the lesson's example with the mask [True, True, True, False]")


@check("random shapes (T, d_query, d_value and units all different), and a batch of one", points=2)
def random_shapes(t):
    for rng in t.trials(4):
        units, inputs, weights = _case(rng)
        _compare(t, units, inputs, weights, "random inputs")
    units, inputs, weights = _case(t.rng, batch=1, steps=5, d_query=3, d_value=4, units=2)
    _compare(t, units, inputs, weights, "a batch of one")


@check("a mask (True = attend): masked steps get weight 0, a fully masked row uniform weights", points=2)
def masked(t):
    for rng in t.trials(3):
        units, inputs, weights = _case(rng, batch=int(rng.integers(3, 6)), steps=int(rng.integers(4, 8)))
        batch, steps = inputs[1].shape[:2]
        mask = rng.random((batch, steps)) < 0.6
        mask[np.arange(batch), rng.integers(0, steps, size=batch)] = True  # every row attends somewhere
        mask[-1] = False  # one row attends nowhere: −1e9 everywhere gives uniform weights, not NaN
        _compare(t, units, inputs + [mask], weights, "masked inputs, the last sample fully masked")
