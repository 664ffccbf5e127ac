"""A differently written correct solution of the gradcheck exercise (it must pass)."""

import numpy as np


def rel_error(a, b):
    a, b = np.atleast_1d(np.asarray(a, dtype=float)), np.atleast_1d(np.asarray(b, dtype=float))
    denominator = np.abs(a) + np.abs(b)
    denominator[denominator < 1e-8] = 1e-8
    return max(float(v) for v in (np.abs(a - b) / denominator).ravel())


def numerical_gradient(f, x, h=1e-5):
    flat = x.reshape(-1)  # a view: writing flat[k] writes x
    grad = np.empty(flat.size)
    for k in range(flat.size):
        flat[k] += h
        f_plus = f(x)
        flat[k] -= 2 * h
        f_minus = f(x)
        flat[k] += h
        grad[k] = (f_plus - f_minus) / 2 / h
    return grad.reshape(x.shape)


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
