"""Checks for the scale exercise."""

import numpy as np

from tutor.grading.api import check


@check("scales a vector", points=1)
def vector(t):
    t.compare("scale", (np.array([1.0, 2.0]), 3.0))
