"""Activation functions and their derivatives, elementwise on arrays of any shape."""

import numpy as np


def sigmoid(z):
    """Return σ(z) = 1 / (1 + e^(−z)) elementwise; finite for z = ±1000."""
    # TODO: compute the sigmoid without producing NaN for large |z|
    raise NotImplementedError("write sigmoid()")


def sigmoid_grad(z):
    """Return the derivative σ'(z) = σ(z) · (1 − σ(z)) elementwise."""
    # TODO: reuse sigmoid(z)
    raise NotImplementedError("write sigmoid_grad()")


def tanh(z):
    """Return tanh(z) elementwise."""
    # TODO: numpy has it
    raise NotImplementedError("write tanh()")


def tanh_grad(z):
    """Return the derivative tanh'(z) = 1 − tanh(z)² elementwise."""
    # TODO: square tanh(z), not z
    raise NotImplementedError("write tanh_grad()")


def relu(z):
    """Return max(0, z) elementwise."""
    # TODO: an elementwise maximum
    raise NotImplementedError("write relu()")


def relu_grad(z):
    """Return the slope of ReLU: 1 where z > 0, 0 where z <= 0 (0 at the kink z = 0)."""
    # TODO: one value where z > 0, another elsewhere
    raise NotImplementedError("write relu_grad()")


def leaky_relu(z, alpha=0.01):
    """Return z where z > 0 and alpha · z elsewhere."""
    # TODO: use the alpha argument
    raise NotImplementedError("write leaky_relu()")


def leaky_relu_grad(z, alpha=0.01):
    """Return the slope of leaky ReLU: 1 where z > 0, alpha where z <= 0."""
    # TODO: the same shape as z, filled with 1 or alpha
    raise NotImplementedError("write leaky_relu_grad()")


def elu(z, alpha=1.0):
    """Return z where z > 0 and alpha · (e^z − 1) elsewhere; finite for z = ±1000."""
    # TODO: the negative side needs the exponential
    raise NotImplementedError("write elu()")


def elu_grad(z, alpha=1.0):
    """Return the slope of ELU: 1 where z > 0, alpha · e^z where z <= 0."""
    # TODO: the same shape as z
    raise NotImplementedError("write elu_grad()")
