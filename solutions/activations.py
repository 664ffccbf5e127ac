"""Reference solution: activation functions and their derivatives, stable for |z| = 1000."""

import numpy as np


def _array(z):
    return np.asarray(z, dtype=np.float64)


def sigmoid(z):
    # 1 / (1 + e^(-z)) written as exp(-log(1 + e^(-z))): no overflow for any z.
    return np.exp(-np.logaddexp(0.0, -_array(z)))


def sigmoid_grad(z):
    # σ'(z) = σ(z)(1 − σ(z)) = σ(z)σ(−z); the second form keeps full accuracy for large |z|.
    z = _array(z)
    return sigmoid(z) * sigmoid(-z)


def tanh(z):
    return np.tanh(_array(z))


def tanh_grad(z):
    return 1.0 - np.tanh(_array(z)) ** 2


def relu(z):
    return np.maximum(0.0, _array(z))


def relu_grad(z):
    # the derivative at the kink z = 0 is taken as 0 (the left side), like TensorFlow
    return np.where(_array(z) > 0, 1.0, 0.0)


def leaky_relu(z, alpha=0.01):
    z = _array(z)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_grad(z, alpha=0.01):
    return np.where(_array(z) > 0, 1.0, float(alpha))


def elu(z, alpha=1.0):
    # expm1 of min(z, 0): accurate near 0 and never evaluates e^1000
    z = _array(z)
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def elu_grad(z, alpha=1.0):
    z = _array(z)
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))
