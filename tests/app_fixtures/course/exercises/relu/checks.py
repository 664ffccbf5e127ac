"""Checks for the relu exercise."""

import numpy as np

from tutor.grading.api import check


@check("relu of a vector", points=1)
def vector(t):
    t.compare("relu", (np.array([-1.0, 0.0, 2.0]),))
