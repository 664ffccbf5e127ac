import numpy as np

KEYS = ("W", "U", "V", "b", "c")


def bptt(x, y, h0, params):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    W, U, V, b, c = (np.asarray(params[key], dtype=np.float64) for key in KEYS)
    hs = [np.asarray(h0, dtype=np.float64)]
    for t in range(x.shape[0]):
        hs.append(np.tanh(W @ hs[-1] + U @ x[t] + b))
    y_hat = V @ hs[-1] + c
    diff = y_hat - y
    loss = 0.5 * float(diff @ diff)

    grads = {"V": np.outer(diff, hs[-1]), "c": diff.copy(),
             "W": np.zeros_like(W), "U": np.zeros_like(U), "b": np.zeros_like(b)}
    dh = V.T @ diff  # the loss reaches the states only through h_T
    for t in reversed(range(x.shape[0])):
        dz = dh * (1.0 - hs[t + 1] ** 2)  # hs[t + 1] is h_t, hs[t] is h_{t-1}
        grads["W"] += np.outer(dz, hs[t])
        grads["U"] += np.outer(dz, x[t])
        grads["b"] += dz
        dh = W.T @ dz  # dh_next: carried back into the previous step
    return loss, {key: grads[key] for key in KEYS}, hs[-1]


def sgd_step(params, grads, lr):
    return {key: np.asarray(value, dtype=np.float64) + lr * np.asarray(grads[key], dtype=np.float64)
            for key, value in params.items()}
