"""SGD/RMSprop/Adam. Momentum the way PyTorch writes it."""

import numpy as np


def sgd(params, grads, state=None, learning_rate=0.01, momentum=0.0):
    if state is None:
        state = {"velocity": {n: np.zeros_like(p) for n, p in params.items()}}
    buf, new = {}, {}
    for n, p in params.items():
        buf[n] = momentum * state["velocity"][n] + grads[n]
        new[n] = p - learning_rate * buf[n]
    return new, {"velocity": buf}


def rmsprop(params, grads, state=None, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    if state is None:
        state = {"v": {n: np.zeros_like(p) for n, p in params.items()}}
    sq, new = {}, {}
    for n, p in params.items():
        sq[n] = rho * state["v"][n] + (1 - rho) * grads[n] ** 2
        new[n] = p - learning_rate * grads[n] / np.sqrt(sq[n] + epsilon)
    return new, {"v": sq}


def adam(params, grads, state=None, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    if state is None:
        state = {"t": 0, "m": {n: np.zeros_like(p) for n, p in params.items()},
                 "v": {n: np.zeros_like(p) for n, p in params.items()}}
    t = state["t"] + 1
    a = learning_rate * np.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    m = {n: beta_1 * state["m"][n] + (1 - beta_1) * grads[n] for n in params}
    v = {n: beta_2 * state["v"][n] + (1 - beta_2) * grads[n] ** 2 for n in params}
    new = {n: params[n] - a * m[n] / (np.sqrt(v[n]) + epsilon) for n in params}
    return new, {"t": t, "m": m, "v": v}
