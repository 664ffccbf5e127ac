import numpy as np


def sgd(params, grads, state=None, learning_rate=0.01, momentum=0.0):
    if state is None:
        state = {"velocity": {name: np.zeros_like(p, dtype=np.float64) for name, p in params.items()}}
    new_params, velocity = {}, {}
    for name, p in params.items():
        v = momentum * np.zeros_like(p) - learning_rate * grads[name]  # the old velocity is never used
        velocity[name] = v
        new_params[name] = p + v
    return new_params, {"velocity": velocity}


def rmsprop(params, grads, state=None, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    if state is None:
        state = {"v": {name: np.zeros_like(p, dtype=np.float64) for name, p in params.items()}}
    new_params, mean_square = {}, {}
    for name, p in params.items():
        g = grads[name]
        v = rho * state["v"][name] + (1 - rho) * g * g
        mean_square[name] = v
        new_params[name] = p - learning_rate * g / np.sqrt(v + epsilon)
    return new_params, {"v": mean_square}


def adam(params, grads, state=None, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    if state is None:
        zeros = {name: np.zeros_like(p, dtype=np.float64) for name, p in params.items()}
        state = {"t": 0, "m": zeros, "v": dict(zeros)}
    t = int(state["t"]) + 1
    alpha = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    new_params, first, second = {}, {}, {}
    for name, p in params.items():
        g = grads[name]
        m = beta_1 * state["m"][name] + (1 - beta_1) * g
        v = beta_2 * state["v"][name] + (1 - beta_2) * g * g
        first[name], second[name] = m, v
        new_params[name] = p - alpha * m / (np.sqrt(v) + epsilon)
    return new_params, {"t": t, "m": first, "v": second}
