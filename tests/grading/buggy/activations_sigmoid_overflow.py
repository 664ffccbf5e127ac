"""Activation functions for homework 2."""

import numpy as np


def sigmoid(z):
    ez = np.exp(z)
    return ez / (1 + ez)


def sigmoid_grad(z):
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    return np.tanh(z)


def tanh_grad(z):
    return 1.0 - np.tanh(z) ** 2


def relu(z):
    return z * (z > 0)


def relu_grad(z):
    return 1.0 * (z > 0)


def leaky_relu(z, alpha=0.01):
    return np.maximum(alpha * z, z)


def leaky_relu_grad(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha)


def elu(z, alpha=1.0):
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0)))


def elu_grad(z, alpha=1.0):
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0)))
