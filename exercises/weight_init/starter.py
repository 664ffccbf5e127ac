"""Weight initialization as Keras does it (Glorot and He, uniform and truncated normal), and the
statistics of activations through a deep stack of layers."""

import numpy as np

INITIALIZERS = ("glorot_uniform", "glorot_normal", "he_uniform", "he_normal")


def compute_fans(shape):
    """Return (fan_in, fan_out) for a weight of this shape, as Keras counts them.

    (D,): (D, D). (in, out): (in, out). A convolution kernel (..., C_in, C_out), e.g. (KH, KW, C_in,
    C_out): (C_in · r, C_out · r), r being the product of the leading sizes (the receptive field).
    """
    # TODO: the three cases: one axis, two axes, more axes
    raise NotImplementedError("write compute_fans()")


def init_scale(name, shape):
    """Return the number that defines Keras' initializer `name` for a weight of this shape.

    name: "glorot_uniform", "glorot_normal", "he_uniform" or "he_normal"; any other raises ValueError.
    The target variance is 2 / (fan_in + fan_out) for Glorot, 2 / fan_in for He.
    *_uniform: the limit a of U(−a, a). *_normal: the stddev s of the normal that Keras truncates
    at ±2s, which is sqrt(variance) / 0.87962566103423978.
    """
    # TODO: check the name; the fans; the variance; then the limit or the stddev
    raise NotImplementedError("write init_scale()")


def initialize(name, shape, seed):
    """Return weights of `shape` drawn as Keras' initializer `name` draws them, from
    np.random.default_rng(seed): U(−a, a), or N(0, s²) with every value beyond ±2s redrawn."""
    # TODO: rng = np.random.default_rng(seed); the scale from init_scale()
    # TODO: a uniform draw, or a normal draw whose values beyond ±2s are drawn again until none is left
    raise NotImplementedError("write initialize()")


def activation_stats(x, weights, activation):
    """Return (means, stds): the mean and standard deviation of every layer's output.

    x: shape (N, D0). weights: a list of matrices W1 (D0, D1), W2 (D1, D2), … (no biases).
    activation: "tanh", "relu" or "linear", applied after every layer: h = f(h @ W).
    means[l] and stds[l] are taken over all the numbers of layer l's output; both have shape (L,).
    """
    # TODO: h = x; for each W: h = f(h @ W); record h.mean() and h.std()
    raise NotImplementedError("write activation_stats()")
