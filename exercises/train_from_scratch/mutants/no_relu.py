import numpy as np

LEARNING_RATE = 0.02
STEPS = 1000
REG = 1e-4


def init_params(d, hidden, k, rng):
    return {"W1": rng.normal(scale=np.sqrt(2.0 / d), size=(d, hidden)), "b1": np.zeros(hidden),
            "W2": rng.normal(scale=np.sqrt(1.0 / hidden), size=(hidden, k)), "b2": np.zeros(k)}


def loss_and_grads(params, x, y, reg):
    n, rows = x.shape[0], np.arange(x.shape[0])
    z1 = x @ params["W1"] + params["b1"]
    h = z1
    scores = h @ params["W2"] + params["b2"]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    loss = -np.mean(log_probs[rows, y]) + 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dscores = np.exp(log_probs)
    dscores[rows, y] -= 1.0
    dscores /= n
    dh = dscores @ params["W2"].T
    grads = {"W1": x.T @ dh + reg * params["W1"], "b1": dh.sum(axis=0),
             "W2": h.T @ dscores + reg * params["W2"], "b2": dscores.sum(axis=0)}
    return loss, grads


def adam(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                 "v": {k: np.zeros_like(p) for k, p in params.items()}}
    t = state["t"] + 1
    alpha = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    m = {k: beta_1 * state["m"][k] + (1 - beta_1) * grads[k] for k in params}
    v = {k: beta_2 * state["v"][k] + (1 - beta_2) * grads[k] ** 2 for k in params}
    new = {k: params[k] - alpha * m[k] / (np.sqrt(v[k]) + epsilon) for k in params}
    return new, {"t": t, "m": m, "v": v}


def train_two_layer_net(x, y, num_classes, hidden=64, seed=0):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    rng = np.random.default_rng(seed)
    params = init_params(x.shape[1], hidden, num_classes, rng)
    state = None
    for _ in range(STEPS):
        _, grads = loss_and_grads(params, x, y, REG)
        params, state = adam(params, grads, state, LEARNING_RATE)
    return params
