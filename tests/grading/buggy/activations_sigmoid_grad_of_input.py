"""Activations and derivatives; the derivatives reuse the backprop formulas from class."""

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))


def sigmoid_grad(z):
    # a * (1 - a), like in the backward pass
    return z * (1 - z)


def tanh(z):
    return np.tanh(z)


def tanh_grad(z):
    return 1 - np.tanh(z) ** 2


def relu(z):
    return np.maximum(0, z)


def relu_grad(z):
    return (np.asarray(z) > 0).astype(float)


def leaky_relu(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)


def leaky_relu_grad(z, alpha=0.01):
    return np.where(np.asarray(z) > 0, 1.0, alpha)


def elu(z, alpha=1.0):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * (np.exp(np.minimum(z, 0)) - 1))


def elu_grad(z, alpha=1.0):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0)))
