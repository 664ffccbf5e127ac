"""Checks for the train_from_scratch exercise.

The learner's train_two_layer_net() runs in the sandbox on training data only; the grader (here)
scores the returned parameters with its own forward pass on a held-out split whose labels never
leave this process. Data sets are made with numpy (no scikit-learn), from seeds the sandbox never
sees. When the accuracy misses its target, the parameters themselves are examined to name the
likely mistake (zero initialisation, updates going uphill, biases never updated, no ReLU).

Targets were calibrated with the reference over many seeds (tests/grading/test_curriculum1_more_references.py):
its worst held-out accuracy over 150 seeds was 0.935 on the moons and 0.975 on the spiral; the
targets sit 2.5 points below.
"""

import numpy as np

from tutor.grading.api import check

HIDDEN = 64
MOONS = {"name": "two moons", "train": 200, "test": 1000, "classes": 2, "target": 0.91}
SPIRAL = {"name": "three-arm spiral", "train": 300, "test": 1000, "classes": 3, "target": 0.95}
KEYS = ("W1", "b1", "W2", "b2")


# ---------------------------------------------------------------- data (numpy only)


def moons(rng, n, noise=0.2):
    """Two interleaving half circles (like sklearn's make_moons), labels 0 and 1."""
    y = rng.integers(0, 2, size=n)
    angle = rng.uniform(0.0, np.pi, size=n)
    outer = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    inner = np.stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    return np.where(y[:, None] == 0, outer, inner) + rng.normal(scale=noise, size=(n, 2)), y


def spiral(rng, n, classes=3, noise=0.2):
    """The CS231n spiral: `classes` arms winding around the origin, radius in (0.05, 1)."""
    y = rng.integers(0, classes, size=n)
    radius = rng.uniform(0.05, 1.0, size=n)
    angle = 4.0 * y + 4.0 * radius + rng.normal(scale=noise, size=n)
    return np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1), y


def split(make, rng, spec):
    """(x_train, y_train, x_test, y_test) from one draw of the data set."""
    x, y = make(rng, spec["train"] + spec["test"])
    n = spec["train"]
    return x[:n], y[:n], x[n:], y[n:]


# ---------------------------------------------------------------- the grader's own model


def scores(params, x, activation=lambda z: np.maximum(0.0, z)):
    with np.errstate(all="ignore"):
        return activation(x @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]


def accuracy(params, x, y):
    return float(np.mean(np.argmax(scores(params, x), axis=1) == y))


def cross_entropy(s, y):
    with np.errstate(all="ignore"):
        shifted = s - s.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        return float(-np.mean(log_probs[np.arange(len(y)), y]))


def train(t, x, y, classes, hidden=HIDDEN, seed=0):
    """Call the learner's training and check the contract: a dict of four arrays of the right
    shapes with finite numbers. Returns the params as float64 arrays."""
    d = x.shape[1]
    got = t.call("train_two_layer_net", x, y, classes, hidden=hidden, seed=seed)
    if not isinstance(got, dict):
        t.fail(f"train_two_layer_net() should return a dict of numpy arrays with keys W1, b1, W2, b2, "
               f"got {t.describe(got)}")
    if missing := [k for k in KEYS if k not in got]:
        t.fail(f"the returned dict has no {', '.join(missing)}: return {{'W1': ..., 'b1': ..., 'W2': ..., 'b2': ...}}")
    shapes = {"W1": (d, hidden), "b1": (hidden,), "W2": (hidden, classes), "b2": (classes,)}
    params = {}
    for key in KEYS:
        value = got[key]
        if not isinstance(value, np.ndarray) or value.dtype.kind not in "iuf":
            t.fail(f"params[{key!r}] should be a numpy array of numbers, got {t.describe(value)}")
        if value.shape != shapes[key]:
            t.fail(f"params[{key!r}] has shape {value.shape}; with {d} input features, hidden={hidden} and "
                   f"{classes} classes it should be {shapes[key]}")
        params[key] = value.astype(np.float64)
    bad = [k for k in KEYS if not np.all(np.isfinite(params[k]))]
    if bad:
        t.fail(f"{', '.join(bad)} contain NaN or inf: the training diverged. Is the learning rate far too "
               f"large, or do the updates go uphill (p + lr·grad instead of p − lr·grad)?")
    return params


def diagnose(params, x, y, classes):
    """Name what is wrong with parameters that miss the target, from the parameters themselves."""
    W1, b1 = params["W1"], params["b1"]
    hidden = W1.shape[1]
    if hidden > 1 and np.ptp(W1, axis=1).max() < 1e-12 and np.ptp(b1) < 1e-12:
        return (f"Zero initialisation: all {hidden} hidden units have exactly the same incoming weights, so "
                f"they compute the same thing, get the same gradient, and stay identical forever (with "
                f"W1 = W2 = 0 nothing but b2 even moves). Initialise W1 and W2 with small random numbers, "
                f"e.g. rng.normal(scale=np.sqrt(2 / D), size=(D, H)).")
    if not np.any(params["b1"]) and not np.any(params["b2"]):
        return ("b1 and b2 are still exactly 0: the biases are never updated. Update them like the weights "
                "(p − lr·dp), with db2 = dscores.sum(axis=0) and db1 = dz1.sum(axis=0).")
    loss, guessing = cross_entropy(scores(params, x), y), np.log(classes)
    if loss > 5 * guessing:
        return (f"On its own training data your network has a loss of {loss:.3g}, far worse than "
                f"ln {classes} = {guessing:.2f} for guessing uniformly: the training went uphill. Subtract the "
                f"gradient (p − lr·grad), and check that the learning rate is not far too large.")
    for name, activation in (("without the ReLU (a linear hidden layer)", lambda z: z),
                             ("with tanh instead of the ReLU", np.tanh)):
        other = cross_entropy(scores(params, x, activation), y)
        if other < 0.9 * loss:
            return (f"Your parameters fit the training data better {name}: loss {other:.3g} against {loss:.3g} "
                    f"with the ReLU. The network is relu(x @ W1 + b1) @ W2 + b2: apply np.maximum(0, z1) in "
                    f"the forward pass and mask the gradient with (z1 > 0) in the backward pass.")
    return ("Check your gradients with the two_layer_net exercise, then train longer or with a larger "
            "learning rate (the lesson has settings that work).")


def reach_target(t, make, spec):
    x_train, y_train, x_test, y_test = split(make, t.rng, spec)
    params = train(t, x_train, y_train, spec["classes"], seed=int(t.rng.integers(0, 2**31)))
    score = accuracy(params, x_test, y_test)
    if score < spec["target"]:
        t.fail(f"{spec['name']}: accuracy {score:.3f} on {spec['test']} held-out points, below the target "
               f"{spec['target']:.2f} (trained on {spec['train']} points, hidden={HIDDEN}). "
               + diagnose(params, x_train, y_train, spec["classes"]))


# ---------------------------------------------------------------- checks


@check("returns a dict W1 (D, H), b1 (H,), W2 (H, K), b2 (K,) of finite numbers", points=1)
def contract(t):
    rng = t.rng
    x, y = rng.normal(size=(12, 3)), np.arange(12) % 4
    train(t, x, y, 4, hidden=7, seed=1)


@check("a training set of a single sample is learned", points=1)
def single_sample(t):
    x, y = np.array([[0.5, -1.0]]), np.array([1])
    params = train(t, x, y, 3, hidden=5, seed=2)
    predicted = int(np.argmax(scores(params, x)[0]))
    t.expect(predicted == 1, f"trained on one sample of class 1 (of 3 classes), the network predicts class "
                             f"{predicted} for it. " + diagnose(params, x, y, 3))


@check(f"two moons: held-out accuracy ≥ {MOONS['target']:.2f}", points=3)
def two_moons(t):
    reach_target(t, moons, MOONS)


@check(f"three-arm spiral: held-out accuracy ≥ {SPIRAL['target']:.2f}", points=3)
def three_arm_spiral(t):
    reach_target(t, spiral, SPIRAL)
