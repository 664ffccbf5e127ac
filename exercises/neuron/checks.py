"""Checks for the neuron exercise."""

import numpy as np

from tutor.grading.api import check

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")


@check("one sample with the lesson's numbers", points=1)
def worked_example(t):
    x, w = np.array([1.0, -2.0, 0.5]), np.array([0.5, 0.25, -1.0])
    for activation in ACTIVATIONS:
        t.compare("neuron", (x, w, 0.1), {"activation": activation})


@check("sigmoid is the default activation", points=1)
def default_activation(t):
    x, w = t.rng.normal(size=(3, 4)), t.rng.normal(size=4)
    t.compare("neuron", (x, w, 0.3))


@check("batches of random shapes, every activation", points=2)
def random_batches(t):
    for rng in t.trials(5):
        n, d = int(rng.integers(1, 7)), int(rng.integers(2, 6))
        x, w, b = rng.normal(size=(n, d)), rng.normal(size=d), float(rng.normal())
        for activation in ACTIVATIONS:
            t.compare("neuron", (x, w, b), {"activation": activation})


@check("the bias alone (w = 0)", points=1)
def bias_only(t):
    x, w = t.rng.normal(size=(4, 3)), np.zeros(3)
    for b in (-1.5, 0.0, 2.0):
        t.compare("neuron", (x, w, b), {"activation": "linear"},
                  hint="With w = 0 only the bias is left, so every output should equal b.")


@check("large inputs saturate without NaN", points=1)
def saturation(t):
    x, w = np.array([[1000.0], [-1000.0]]), np.array([1.0])
    for activation in ACTIVATIONS:
        t.compare("neuron", (x, w, 0.0), {"activation": activation})


@check("an unknown activation raises ValueError", points=1)
def unknown_activation(t):
    t.expect_raises("neuron", (np.ones(2), np.ones(2), 0.0), {"activation": "softsign"},
                    exception="ValueError")
