"""Checks for the double exercise."""

import numpy as np

from tutor.grading.api import check


@check("doubles a vector", points=1)
def vector(t):
    t.compare("double", (np.array([1.0, -2.0, 3.5]),))


@check("doubles random matrices", points=2)
def matrices(t):
    for rng in t.trials(3):
        t.compare("double", (rng.normal(size=(2, 3)),))
