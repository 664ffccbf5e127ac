"""Waves: a GRU, and a SimpleRNN beside it.

Each example is a wave of 40 time steps with one value per step: a sine (label 0), a square
wave (1) or a sawtooth (2), each with a random frequency, phase and amplitude, plus noise.

Write build_model(): it returns a compiled keras model with a GRU layer. dltutor trains it with
fresh weights for EPOCHS epochs of BATCH_SIZE waves on 75% of them and measures the accuracy on
the other 25%: that is graded.

Write build_simple_rnn(): the same model with SimpleRNN in place of GRU. dltutor trains it the
same way once your GRU reaches the target and shows its accuracy beside it, not graded: compare.
"""

import keras

EPOCHS = 15
BATCH_SIZE = 32


def build_model():
    """Return a compiled keras model: input shape (40, 1) = (time steps, features), a GRU layer,
    3 softmax outputs."""
    # TODO: keras.Sequential([...]) with keras.Input(shape=(40, 1)), a GRU layer, an output layer
    # TODO: model.compile(optimizer=..., loss=..., metrics=["accuracy"])
    raise NotImplementedError("build_model is not written yet")


def build_simple_rnn():
    """Return the same model as build_model(), compiled the same way, with SimpleRNN in place of GRU."""
    # TODO: copy build_model() and replace the GRU layer with keras.layers.SimpleRNN of the same size
    raise NotImplementedError("build_simple_rnn is not written yet")
