"""Checks for the TensorFlow neuron: its values against the reference (run in a TensorFlow worker),
then the gradients GradientTape takes through it."""

import numpy as np

from tutor.grading.api import check


def _batch(rng, n=None, d=None, k=None):
    n = n or int(rng.integers(1, 6))
    d = d or int(rng.integers(2, 6))
    k = k or int(rng.integers(1, 4))
    return rng.normal(size=(n, d)), rng.normal(size=(d, k)), rng.normal(size=k)


@check("the lesson's example: two samples, three inputs, one neuron", points=1)
def worked_example(t):
    x = np.array([[1.0, -2.0, 0.5], [0.0, 1.0, 1.0]])
    w = np.array([[0.5], [0.25], [-1.0]])
    t.compare("tf_neuron", (x, w, np.array([0.1])))


@check("batches of random shapes, several neurons (float64 in, float64 out)", points=2)
def random_batches(t):
    for rng in t.trials(5):
        x, w, b = _batch(rng)
        t.compare("tf_neuron", (x, w, b),
                  hint="x is (N, D), w is (D, K): the weighted sums are tf.matmul(x, w), of shape (N, K).")
    x, w, b = _batch(t.rng, n=1, d=4, k=3)
    t.compare("tf_neuron", (x, w, b), label="a batch of one sample")


@check("GradientTape can differentiate it with respect to x, w and b", points=2)
def gradients_flow(t):
    for rng in t.trials(3):
        x, w, b = _batch(rng)
        t.compare_gradients("tf_neuron", (x, w, b), wrt=(0, 1, 2), names=("x", "w", "b"),
                            seed=int(rng.integers(1000)))
