"""Numerical gradients for checks: centred differences with a random upstream gradient."""

from __future__ import annotations

import numpy as np


def numeric_gradient(f, x: np.ndarray, dout: np.ndarray | float = 1.0, h: float = 1e-5) -> np.ndarray:
    """d(sum(f(x) * dout))/dx by centred differences; ``x`` is restored after each step.

    Use a random ``dout`` (never all ones: for softmax that makes the true gradient zero and
    lets anything pass).
    """
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    flat, out = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + h
        plus = np.sum(np.asarray(f(x)) * dout)
        flat[i] = keep - h
        minus = np.sum(np.asarray(f(x)) * dout)
        flat[i] = keep
        out[i] = (plus - minus) / (2 * h)
    return grad
