"""Update rules, following the lecture slides."""

import numpy as np


def sgd(params, grads, state=None, learning_rate=0.01, momentum=0.0):
    old = state["velocity"] if state else {k: 0.0 * p for k, p in params.items()}
    vel, out = {}, {}
    for k, p in params.items():
        vel[k] = momentum * old[k] - learning_rate * grads[k]
        out[k] = p + vel[k]
    return out, {"velocity": vel}


def rmsprop(params, grads, state=None, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    old = state["v"] if state else {k: 0.0 * p for k, p in params.items()}
    ms, out = {}, {}
    for k, p in params.items():
        g = grads[k]
        ms[k] = rho * old[k] + (1 - rho) * g * g
        out[k] = p - learning_rate * g / (np.sqrt(ms[k]) + epsilon)
    return out, {"v": ms}


def adam(params, grads, state=None, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    if not state:
        state = {"t": 0, "m": {k: 0.0 * p for k, p in params.items()},
                 "v": {k: 0.0 * p for k, p in params.items()}}
    t = state["t"] + 1
    step = learning_rate * (1 - beta_2 ** t) ** 0.5 / (1 - beta_1 ** t)
    m, v, out = {}, {}, {}
    for k, p in params.items():
        g = grads[k]
        m[k] = beta_1 * state["m"][k] + (1 - beta_1) * g
        v[k] = beta_2 * state["v"][k] + (1 - beta_2) * g * g
        out[k] = p - step * m[k] / (v[k] ** 0.5 + epsilon)
    return out, {"t": t, "m": m, "v": v}
