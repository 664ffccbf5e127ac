"""A typical buggy variant of $id: validate proves the checks catch it and name the mistake."""

import numpy as np


def $id(x):
    raise NotImplementedError("TODO(author): write the reference solution with one typical mistake")
