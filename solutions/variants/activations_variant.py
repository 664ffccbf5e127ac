"""Correct activations written differently from the reference: one scalar function per formula, mapped."""

import math

import numpy as np


def _each(function, z, *extra):
    z = np.asarray(z, dtype=float)
    flat = [function(float(value), *extra) for value in z.ravel()]
    return np.array(flat, dtype=float).reshape(z.shape)


def _sigmoid(v):
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def sigmoid(z):
    return _each(_sigmoid, z)


def sigmoid_grad(z):
    return _each(lambda v: _sigmoid(v) * (1.0 - _sigmoid(v)), z)


def tanh(z):
    return _each(math.tanh, z)


def tanh_grad(z):
    return _each(lambda v: 1.0 - math.tanh(v) * math.tanh(v), z)


def relu(z):
    return _each(lambda v: v if v > 0 else 0.0, z)


def relu_grad(z):
    return _each(lambda v: 1.0 if v > 0 else 0.0, z)


def leaky_relu(z, alpha=0.01):
    return _each(lambda v, a: v if v > 0 else a * v, z, alpha)


def leaky_relu_grad(z, alpha=0.01):
    return _each(lambda v, a: 1.0 if v > 0 else a, z, alpha)


def elu(z, alpha=1.0):
    return _each(lambda v, a: v if v > 0 else a * math.expm1(v), z, alpha)


def elu_grad(z, alpha=1.0):
    return _each(lambda v, a: 1.0 if v > 0 else a * math.exp(v), z, alpha)
