"""Checks for the mlp_forward exercise."""

import numpy as np

from tutor.grading.api import check, same

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")


def widths(rng, count):
    """``count`` layer widths in 2..6, neighbours different (so no weight matrix is square)."""
    out = [int(rng.integers(2, 7))]
    while len(out) < count:
        w = int(rng.integers(2, 7))
        if w != out[-1]:
            out.append(w)
    return out


def network(rng, activations, n=None):
    """A batch x and one layer per activation name, with random non-square weights."""
    n = int(rng.choice([1, 2, 3, 5])) if n is None else n
    sizes = widths(rng, len(activations) + 1)
    layers = [{"W": rng.normal(size=(a, b)), "b": rng.normal(scale=0.5, size=b), "activation": act}
              for a, b, act in zip(sizes, sizes[1:], activations)]
    return rng.normal(size=(n, sizes[0])), layers


def describe_network(x, layers) -> str:
    parts = [f"{np.shape(layer['W'])[0]}→{np.shape(layer['W'])[1]} {layer['activation']}" for layer in layers]
    return f"mlp_forward(array{x.shape}, layers [{', '.join(parts)}])"


def tells_apart(t, x, layers) -> bool:
    """Whether these inputs tell "every layer uses the first layer's activation" from "the output
    layer is left linear": where the first layer is a ReLU and every output score is positive, both
    give the same numbers, and naming one of them could name the wrong one."""
    if not layers:
        return True
    first = [{**layer, "activation": layers[0]["activation"]} for layer in layers]
    linear = layers[:-1] + [{**layers[-1], "activation": "linear"}]
    return not same(t.reference("mlp_forward", x, first), t.reference("mlp_forward", x, linear), 1e-9)


def run(t, x, layers, hint=""):
    """Compare the learner's output with the reference's, naming a known mistake if one matches (and the
    inputs tell the look-alike mistakes apart); a crash is reported without printing every weight."""
    t.compare("mlp_forward", (x, layers), label=describe_network(x, layers), hint=hint,
              name_mistakes=tells_apart(t, x, layers))


@check("the lesson's worked example", points=1)
def worked_example(t):
    x = np.array([[1.0, 1.0], [0.0, 2.0]])
    hidden = {"W": np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]]), "b": np.array([0.0, -1.0, 0.5]),
              "activation": "relu"}
    for last in ("linear", "sigmoid"):
        run(t, x, [hidden, {"W": np.array([[1.0], [-1.0], [2.0]]), "b": np.array([0.5]), "activation": last}])


@check("a single layer, with every activation", points=1)
def single_layer(t):
    for rng in t.trials(len(ACTIVATIONS)):
        for activation in ACTIVATIONS:
            run(t, *network(rng, [activation]), hint="One layer computes activation(x @ W + b).")


@check("random networks of 2 to 4 layers (batches of 1 to 5)", points=3)
def random_networks(t):
    for rng in t.trials(8):
        depth = int(rng.integers(2, 5))
        run(t, *network(rng, [str(a) for a in rng.choice(ACTIVATIONS, size=depth)]))


@check("each layer applies its own activation (hidden and output layers differ)", points=2)
def own_activation(t):
    for activations in (["relu", "relu", "linear"], ["tanh", "sigmoid"], ["relu", "tanh", "relu", "linear"],
                        ["linear", "relu", "sigmoid"], ["sigmoid", "relu"]):
        run(t, *network(t.rng, activations),
            hint="Use layer[\"activation\"] of the layer being computed, for every layer.")


@check("a network with no layers returns its input", points=1)
def no_layers(t):
    x = t.rng.normal(size=(3, 4))
    run(t, x, [], hint="With an empty list of layers the loop does nothing: return x.")


@check("an unknown activation raises ValueError", points=1)
def unknown_activation(t):
    x, layers = network(t.rng, ["relu", "tanh", "relu", "sigmoid", "softsign"])
    t.expect_raises("mlp_forward", (x, layers), exception="ValueError", why=" (the last layer's activation is 'softsign')")
