"""Checks for $id: they run in the trusted grader and call the learner's code in the sandbox."""

import numpy as np

from tutor.grading.api import check


@check("$id matches the reference on random inputs", points=2)
def random_inputs(t):
    # TODO(author): inputs that exercise every part of the function: several seeded trials,
    # non-square shapes, a batch of 1.
    for rng in t.trials(5):
        x = rng.normal(size=(int(rng.integers(1, 5)), int(rng.integers(2, 6))))
        t.compare("$id", (x,), rtol=1e-7)


@check("$id handles an edge case", points=1)
def edge_case(t):
    # TODO(author): a hand-written edge case (zeros, huge values, a batch of 1, ...).
    t.compare("$id", (np.zeros((1, 3)),), rtol=1e-7)
