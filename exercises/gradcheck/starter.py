"""A gradient checker: numerical gradients by centred differences, and the relative error."""

import numpy as np


def rel_error(a, b):
    """Return the largest elementwise |a - b| / max(1e-8, |a| + |b|), as one number.

    a, b: numbers or arrays of the same shape.
    """
    # TODO: the elementwise |a - b|
    # TODO: divide by np.maximum(1e-8, |a| + |b|), elementwise
    # TODO: return the largest value
    raise NotImplementedError("write rel_error()")


def numerical_gradient(f, x, h=1e-5):
    """Return the gradient of the scalar function f at x, by centred differences.

    f: takes an array shaped like x and returns one number.
    x: a float array of any shape. You may change its elements while you work, but it must hold
       its original values again when you return.
    Returns an array shaped like x whose element i is (f(x + h·e_i) - f(x - h·e_i)) / (2h).
    """
    grad = np.zeros_like(x, dtype=np.float64)
    # TODO: for every index i of x (np.ndindex(x.shape) walks them all):
    # TODO:     remember the old value x[i]
    # TODO:     set x[i] = old + h, evaluate f; set x[i] = old - h, evaluate f
    # TODO:     put x[i] back to old
    # TODO:     grad[i] = (f_plus - f_minus) / (2 * h)
    raise NotImplementedError("write numerical_gradient()")


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
