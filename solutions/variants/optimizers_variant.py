"""A differently written correct solution of the optimizers exercise (it must pass): Keras' own
incremental forms (m += (g − m)·(1 − β1)), a step counter kept as a numpy integer, and states
built with dict comprehensions."""

import numpy as np


def _zeros_like(params):
    return {key: np.zeros(np.shape(value)) for key, value in params.items()}


def sgd(params, grads, state=None, learning_rate=0.01, momentum=0.0):
    old = _zeros_like(params) if state is None else state["velocity"]
    velocity = {key: np.multiply(old[key], momentum) - np.multiply(grads[key], learning_rate) for key in params}
    return {key: params[key] + velocity[key] for key in params}, {"velocity": velocity}


def rmsprop(params, grads, state=None, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    old = _zeros_like(params) if state is None else state["v"]
    v = {key: old[key] + (1.0 - rho) * (np.square(grads[key]) - old[key]) for key in params}
    new = {key: params[key] - learning_rate * grads[key] * np.reciprocal(np.sqrt(v[key] + epsilon)) for key in params}
    return new, {"v": v}


def adam(params, grads, state=None, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    if state is None:
        state = {"t": np.int64(0), "m": _zeros_like(params), "v": _zeros_like(params)}
    step = np.int64(state["t"]) + 1
    correction = np.sqrt(1.0 - np.power(beta_2, step)) / (1.0 - np.power(beta_1, step))
    m, v, new = {}, {}, {}
    for key, p in params.items():
        g = grads[key]
        m[key] = state["m"][key] + (g - state["m"][key]) * (1.0 - beta_1)
        v[key] = state["v"][key] + (g * g - state["v"][key]) * (1.0 - beta_2)
        new[key] = p - (learning_rate * correction) * m[key] / (np.sqrt(v[key]) + epsilon)
    return new, {"t": step, "m": m, "v": v}
