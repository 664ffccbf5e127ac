"""SGD with momentum, RMSprop and Adam as pure functions over parameter dicts."""

import numpy as np


def _zeros(params):
    return {k: np.zeros_like(v, dtype=float) for k, v in params.items()}


def sgd(params, grads, state=None, learning_rate=0.01, momentum=0.0):
    vel = _zeros(params) if state is None else state["velocity"]
    new_vel = {k: momentum * vel[k] - learning_rate * grads[k] for k in params}
    return {k: params[k] + new_vel[k] for k in params}, {"velocity": new_vel}


def rmsprop(params, grads, state=None, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    sq = _zeros(params) if state is None else state["v"]
    new_sq = {k: rho * sq[k] + (1 - rho) * grads[k] ** 2 for k in params}
    new_p = {k: params[k] - learning_rate * grads[k] / np.sqrt(new_sq[k] + epsilon) for k in params}
    return new_p, {"v": new_sq}


def adam(params, grads, state=None, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    if state is None:
        state = {"t": 1, "m": _zeros(params), "v": _zeros(params)}
    t = state["t"] + 1
    lr_t = learning_rate * np.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    m, v, out = {}, {}, {}
    for k in params:
        m[k] = beta_1 * state["m"][k] + (1 - beta_1) * grads[k]
        v[k] = beta_2 * state["v"][k] + (1 - beta_2) * grads[k] ** 2
        out[k] = params[k] - lr_t * m[k] / (np.sqrt(v[k]) + epsilon)
    return out, {"t": t, "m": m, "v": v}
