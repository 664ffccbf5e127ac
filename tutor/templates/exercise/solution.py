"""Reference solution for $id (never copied into a workspace, never given to the sandbox)."""

import numpy as np


def $id(x):
    raise NotImplementedError("TODO(author): write the reference solution")
