"""Optimizers, one step each."""

import numpy as np


def sgd(params, grads, state=None, learning_rate=0.01, momentum=0.0):
    if state is None:
        state = {"velocity": {}}
        for name in params:
            state["velocity"][name] = np.zeros(np.shape(params[name]))
    new_params = {}
    velocity = {}
    for name in params:
        velocity[name] = momentum * state["velocity"][name] - learning_rate * grads[name]
        new_params[name] = params[name] + velocity[name]
    return new_params, {"velocity": velocity}


def rmsprop(params, grads, state=None, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    if state is None:
        state = {"v": {name: np.zeros(np.shape(p)) for name, p in params.items()}}
    new_params, cache = {}, {}
    for name in params:
        cache[name] = rho * state["v"][name] + (1 - rho) * np.square(grads[name])
        new_params[name] = params[name] - learning_rate * grads[name] / np.sqrt(cache[name] + epsilon)
    return new_params, {"v": cache}


def adam(params, grads, state=None, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    if state is None:
        state = {"t": 0, "m": {}, "v": {}}
        for name in params:
            state["m"][name] = np.zeros(np.shape(params[name]))
            state["v"][name] = np.zeros(np.shape(params[name]))
    new_params, m, v = {}, {}, {}
    for name in params:
        m[name] = beta_1 * state["m"][name] + (1 - beta_1) * grads[name]
        v[name] = beta_2 * state["v"][name] + (1 - beta_2) * np.square(grads[name])
        new_params[name] = params[name] - learning_rate * m[name] / (np.sqrt(v[name]) + epsilon)
    return new_params, {"t": state["t"] + 1, "m": m, "v": v}
