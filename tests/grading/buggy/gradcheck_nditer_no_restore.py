"""Gradient checking, CS231n style with np.nditer."""

import numpy as np


def rel_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        oldval = x[ix]
        x[ix] = oldval + h
        fxph = f(x)
        x[ix] = oldval - h
        fxmh = f(x)
        grad[ix] = (fxph - fxmh) / (2 * h)
        it.iternext()
    return grad


# ----------------------------------------------------------------------------------------------
# Do not edit below this line. The checks cannot send a Python function into the sandbox that
# runs your code (only plain data crosses), so they call these two helpers, which apply your
# numerical_gradient to one of the fixed test functions here.


def sum_of_squares(x):
    return np.sum(x ** 2)


def sin_times_x(x):
    return np.sum(np.sin(x) * x)


def softmax_score(x):
    """A softmax-weighted sum: every output depends on every input."""
    z = np.ravel(x)
    e = np.exp(z - np.max(z))
    return np.cos(np.arange(z.size)) @ e / np.sum(e)


TEST_FUNCTIONS = {"sum_of_squares": sum_of_squares, "sin_times_x": sin_times_x,
                  "softmax_score": softmax_score}


def gradient_of(name, x, h=1e-5):
    """numerical_gradient of the test function called `name`, at x."""
    return numerical_gradient(TEST_FUNCTIONS[name], np.array(x, dtype=np.float64), h)


def x_after(name, x, h=1e-5):
    """What x holds after numerical_gradient has run on it (it should be unchanged)."""
    x = np.array(x, dtype=np.float64)
    numerical_gradient(TEST_FUNCTIONS[name], x, h)
    return x
