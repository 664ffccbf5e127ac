"""Numerical gradient with a forward difference, and the relative error."""

import numpy as np


def rel_error(a, b):
    num = np.abs(np.subtract(a, b))
    den = np.maximum(1e-8, np.abs(a) + np.abs(b))
    return float(np.amax(num / den))


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(*x.shape):
        keep = x[idx]
        x[idx] = keep + h
        grad[idx] = (f(x) - fx) / h
        x[idx] = keep
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
