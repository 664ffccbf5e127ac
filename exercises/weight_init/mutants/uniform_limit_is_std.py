import numpy as np

TRUNCATION_STD = 0.87962566103423978
INITIALIZERS = ("glorot_uniform", "glorot_normal", "he_uniform", "he_normal")


def compute_fans(shape):
    shape = tuple(int(d) for d in shape)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive_field = int(np.prod(shape[:-2]))
    return shape[-2] * receptive_field, shape[-1] * receptive_field


def init_scale(name, shape):
    if name not in INITIALIZERS:
        raise ValueError(f"unknown initializer {name!r}; use one of {', '.join(INITIALIZERS)}")
    family, distribution = name.split("_")
    fan_in, fan_out = compute_fans(shape)
    if family == "glorot":
        variance = 1.0 / max(1.0, (fan_in + fan_out) / 2.0)
    else:
        variance = 2.0 / max(1.0, fan_in)
    if distribution == "uniform":
        return float(np.sqrt(variance))
    return float(np.sqrt(variance) / TRUNCATION_STD)


def initialize(name, shape, seed):
    scale = init_scale(name, shape)
    rng = np.random.default_rng(seed)
    if name.endswith("uniform"):
        return rng.uniform(-scale, scale, size=tuple(shape))
    weights = rng.normal(0.0, scale, size=tuple(shape))
    outside = np.abs(weights) > 2.0 * scale
    while outside.any():
        weights[outside] = rng.normal(0.0, scale, size=int(outside.sum()))
        outside = np.abs(weights) > 2.0 * scale
    return weights


ACTIVATIONS = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0), "linear": lambda z: z}


def activation_stats(x, weights, activation):
    f = ACTIVATIONS[activation]
    h = np.asarray(x, dtype=np.float64)
    means, stds = [], []
    for W in weights:
        h = f(h @ W)
        means.append(h.mean())
        stds.append(h.std())
    return np.array(means), np.array(stds)
