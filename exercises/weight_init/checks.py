"""Checks for the weight_init exercise: Keras' fans and scales exactly, seeded draws statistically
(mean, spread, bounds, truncation; never element by element) and the activation statistics of deep
stacks against the reference."""

import numpy as np

from tutor.grading.api import check, signature

INITIALIZERS = ("glorot_uniform", "glorot_normal", "he_uniform", "he_normal")
TRUNCATION_STD = 0.87962566103423978
STD_RTOL = 0.03  # the sample std of ≥ 18 000 draws is within 0.5% of the true one; 3% is ≥ 6 of those


def random_shape(rng, kind=None):
    """A dense kernel (in, out), a conv kernel (KH, KW, C_in, C_out) or (K, C_in, C_out), a bias (D,),
    or a 3-D conv kernel; fan_in ≠ fan_out."""
    kind = kind or str(rng.choice(["dense", "conv2d", "conv1d", "bias", "conv3d"]))
    c_in, c_out = int(rng.integers(2, 40)), int(rng.integers(2, 40))
    c_out = c_out + 3 if c_out == c_in else c_out
    k = [int(v) for v in rng.integers(1, 6, size=3)]
    return {"dense": (c_in, c_out), "conv2d": (k[0], k[1], c_in, c_out), "conv1d": (k[0], c_in, c_out),
            "bias": (c_in,), "conv3d": (k[0], k[1], k[2], c_in, c_out)}[kind]


def target_std(name, shape):
    """The standard deviation Keras' initializer gives the weights: √(2/(fan_in+fan_out)) or √(2/fan_in)."""
    fan_in, fan_out = compute_fans(shape)
    return float(np.sqrt(2.0 / (fan_in + fan_out) if name.startswith("glorot") else 2.0 / fan_in))


def compute_fans(shape):
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return shape[-2] * receptive, shape[-1] * receptive


@check("compute_fans: dense kernels, biases, 1-D, 2-D and 3-D convolution kernels", points=2)
def fans(t):
    t.compare("compute_fans", ((3, 3, 16, 32),), hint="The lesson works this one out: (144, 288).")
    for rng in t.trials(6):
        shape = random_shape(rng)
        t.compare("compute_fans", (shape,),
                  hint="(in, out) for a dense kernel; a conv kernel (..., C_in, C_out) multiplies both by the "
                       "receptive field, the product of its leading sizes; a 1-D shape (D,) gives (D, D).")


@check("init_scale: the limit of each uniform and the stddev of each truncated normal, Keras' formulas", points=3)
def scales(t):
    t.compare("init_scale", ("glorot_uniform", (3, 3, 16, 32)),
              hint="The lesson works this one out: √(6 / (144 + 288)) = 0.1179.")
    for index, rng in enumerate(t.trials(6)):
        shape = random_shape(rng, kind=["dense", "conv2d", "dense", "conv1d", "conv2d", "conv3d"][index])
        for name in INITIALIZERS:
            t.compare("init_scale", (name, shape),
                      hint="Glorot's variance is 2/(fan_in + fan_out), He's 2/fan_in. A uniform U(−a, a) has "
                           "variance a²/3, so a = √(3·variance); a truncated normal's stddev is "
                           "√variance / 0.87962566103423978.")
    t.expect_raises("init_scale", ("lecun_uniform", (4, 3)), exception="ValueError",
                    why=" (an unknown initializer name)")


def draw(t, name, shape, seed):
    """The learner's weights for (name, shape, seed), after checking their type and shape."""
    label = signature("initialize", (name, shape, seed), {})
    weights = t.run("initialize", (name, shape, seed))
    if not isinstance(weights, np.ndarray):
        t.fail(f"{label} should return a numpy array, got {t.describe(weights)}")
    if weights.shape != tuple(shape):
        t.fail(f"{label}: expected shape {tuple(shape)}, got {weights.shape}")
    if weights.dtype.kind != "f" or not np.all(np.isfinite(weights)):
        t.fail(f"{label}: expected finite floating-point numbers, got dtype {weights.dtype}")
    return weights, label


@check("initialize: the shape asked for, the same weights for the same seed, others for another seed", points=1)
def seeded(t):
    for name, shape in (("glorot_uniform", (5, 7)), ("he_normal", (3, 2, 4, 6))):
        seed = int(t.rng.integers(0, 2**31))
        first, label = draw(t, name, shape, seed)
        again, _ = draw(t, name, shape, seed)
        if not np.array_equal(first, again):
            t.fail(f"{label} gave different weights on a second call with the same seed: the seed is not "
                         f"used. Draw with rng = np.random.default_rng(seed), so a run can be reproduced.")
        other, _ = draw(t, name, shape, seed + 1)
        if np.array_equal(first, other):
            t.fail(f"{label} gives the same weights for seeds {seed} and {seed + 1}: draw with "
                         f"np.random.default_rng(seed).")


def spread(t, name, shape, weights, label):
    """Fail unless the sample mean and standard deviation fit Keras' initializer."""
    sigma, n = target_std(name, shape), weights.size
    mean, std = float(weights.mean()), float(weights.std())
    if abs(mean) > 6 * sigma / np.sqrt(n):
        t.fail(f"{label}: the weights' mean is {mean:.4g}; {n} draws centred on 0 stay within "
                     f"{6 * sigma / np.sqrt(n):.2g} of it.")
    ratio = std / sigma
    if abs(ratio - 1) > STD_RTOL:
        fan_in, fan_out = compute_fans(shape)
        average = (fan_in + fan_out) / 2
        other_fan = np.sqrt(average / fan_in) if name.startswith("glorot") else np.sqrt(fan_in / average)
        why = {TRUNCATION_STD: "the truncated normal's stddev is not divided by 0.8796: cutting the tails at ±2σ "
                               "shrinks the spread to 0.8796·σ",
               1 / np.sqrt(3): "the uniform's limit is the standard deviation itself; U(−a, a) has std a/√3, so "
                               "a = √3·σ",
               other_fan: "the weights use the other fan: Glorot averages fan_in and fan_out, He uses fan_in"}
        named = [text for value, text in why.items() if abs(ratio / value - 1) < STD_RTOL / 2]
        t.fail(f"{label}: the weights' standard deviation is {std:.5g}, but {name} gives "
                     f"{sigma:.5g} (yours is {ratio:.3f} times that)."
                     + (f" This looks like: {named[0]}." if named else ""))


@check("initialize, uniform: inside (−a, a), reaching near ±a, with Keras' standard deviation", points=2)
def uniform_draws(t):
    for name, shape in (("glorot_uniform", (256, 128)), ("he_uniform", (3, 3, 32, 64))):
        weights, label = draw(t, name, shape, int(t.rng.integers(0, 2**31)))
        limit = t.reference("init_scale", name, shape)
        largest = float(np.abs(weights).max())
        if largest > limit * (1 + 1e-9):
            t.fail(f"{label}: a value of size {largest:.5g} lies outside (−a, a) with a = {limit:.5g}; "
                         f"a uniform draw never leaves its interval.")
        spread(t, name, shape, weights, label)
        if largest < 0.99 * limit:
            t.fail(f"{label}: your largest |w| is {largest:.5g}, but {weights.size} uniform draws on "
                         f"(−a, a) with a = {limit:.5g} come within 1% of a.")


@check("initialize, normal: truncated at two of its stddevs (redrawn, not clipped), with Keras' standard deviation", points=2)
def normal_draws(t):
    for name, shape in (("glorot_normal", (256, 128)), ("he_normal", (3, 3, 32, 64))):
        weights, label = draw(t, name, shape, int(t.rng.integers(0, 2**31)))
        bound = 2 * t.reference("init_scale", name, shape)
        size = np.abs(weights)
        largest = float(size.max())
        if largest > bound * (1 + 1e-9):
            share = float(np.mean(size > bound))
            t.fail(f"{label}: {share:.1%} of the weights lie beyond ±2σ = {bound:.5g} (largest "
                         f"{largest:.5g}): the normal is not truncated. Keras' truncated normal redraws every "
                         f"value more than two of its standard deviations from 0.")
        piled = float(np.mean(size >= bound * (1 - 1e-9)))
        if piled > 0.005:
            t.fail(f"{label}: {piled:.1%} of the weights sit exactly at ±2σ = {bound:.5g}: they were "
                         f"clipped. A truncated normal redraws the values outside ±2σ instead.")
        spread(t, name, shape, weights, label)
        if largest < 0.98 * bound:
            t.fail(f"{label}: your largest |w| is {largest:.5g}, but {weights.size} draws of a normal "
                         f"truncated at ±2σ = {bound:.5g} come within 2% of that bound.")


def stack(rng, width=None, depth=None, scale=None):
    """x (N, D0) and a list of weights (D0, D1), (D1, D2), … with widths that differ."""
    depth = int(rng.integers(2, 7)) if depth is None else depth
    widths = [int(w) for w in rng.integers(2, 9, size=depth + 1)] if width is None else [width] * (depth + 1)
    n = int(rng.integers(1, 7))
    x = rng.normal(size=(n, widths[0]))
    weights = []
    for d_in, d_out in zip(widths, widths[1:]):
        s = float(rng.uniform(0.3, 2.0)) / np.sqrt(d_in) if scale is None else scale
        weights.append(rng.normal(scale=s, size=(d_in, d_out)))
    return x, weights


def stats(t, x, weights, activation, hint=""):
    t.compare("activation_stats", (x, weights, activation),
              label=f"activation_stats(x: {x.shape}, {len(weights)} weight matrices, {activation!r})",
              hint=hint or "For each layer in turn: h = f(h @ W), then the mean and the standard deviation "
                           "of all of h's numbers (every sample and unit together); one of each per layer.")


@check("activation_stats: the lesson's example and random stacks (every activation, a batch of one)", points=3)
def activation_statistics(t):
    x = np.array([[1.0, -1.0, 2.0], [0.5, 0.0, -2.0]])
    weights = [np.array([[1.0, 0.0], [0.5, -1.0], [0.0, 1.0]]), np.array([[1.0, -1.0, 0.0], [2.0, 0.0, 1.0]])]
    stats(t, x, weights, "relu", hint="The lesson works this example out: means [1, 1.6667], stds [1.1726, 2.4095].")
    for index, rng in enumerate(t.trials(6)):
        stats(t, *stack(rng), ["tanh", "relu", "linear"][index % 3])


@check("activation_stats: deep stacks whose activations vanish, stay steady or saturate", points=1)
def deep_stacks(t):
    for scale in (0.01, 1.0):
        for activation in ("tanh", "relu"):
            x, weights = stack(t.rng, width=32, depth=12, scale=scale)
            stats(t, x, weights, activation)
