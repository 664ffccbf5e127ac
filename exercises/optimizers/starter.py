"""Optimizers: SGD with momentum, RMSprop and Adam, exactly as keras.optimizers computes them.

Every function takes ONE step. `params` and `grads` are dicts name → array with the same keys and
shapes. `state` is None on the first step; afterwards pass back the state the previous call
returned. Return `(new_params, new_state)` as new dicts (do not modify the arguments).
"""

import numpy as np


def sgd(params, grads, state=None, learning_rate=0.01, momentum=0.0):
    """One step of keras.optimizers.SGD (with momentum).

    For every parameter p with gradient g and velocity v (zeros on the first step):
        v = momentum * v - learning_rate * g
        p = p + v
    state: {"velocity": {name: v}}, one velocity array per parameter, shaped like it.
    """
    # TODO: when state is None, start every velocity at np.zeros_like(params[name])
    # TODO: for every name: update its velocity, then the parameter
    # TODO: return (new_params, {"velocity": new_velocities})
    raise NotImplementedError("write sgd()")


def rmsprop(params, grads, state=None, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    """One step of keras.optimizers.RMSprop.

    For every parameter p with gradient g and running mean of squares v (zeros at first):
        v = rho * v + (1 - rho) * g**2
        p = p - learning_rate * g / sqrt(v + epsilon)        (epsilon INSIDE the square root)
    state: {"v": {name: v}}.
    """
    # TODO: start every v at zeros when state is None
    # TODO: update v, then the parameter; return (new_params, {"v": new_vs})
    raise NotImplementedError("write rmsprop()")


def adam(params, grads, state=None, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One step of keras.optimizers.Adam.

    t counts the steps INCLUDING this one (the first step has t = 1). For every parameter:
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        p = p - learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon)
    state: {"t": t, "m": {name: m}, "v": {name: v}}, with t the number of steps taken so far.
    """
    # TODO: when state is None, start at t = 0 with zero m and v for every parameter
    # TODO: t = t + 1, then the bias-corrected step size alpha
    # TODO: update m, v and the parameter for every name; return (new_params, new_state)
    raise NotImplementedError("write adam()")
