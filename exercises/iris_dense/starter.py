"""Iris: a first Keras classifier.

Write build_model(): it returns a compiled keras model for the iris data (4 standardised features,
3 species, labels 0, 1, 2). dltutor trains it with fresh weights for EPOCHS epochs of BATCH_SIZE
rows on 75% of the flowers and measures the accuracy on the other 25%.
"""

import keras

EPOCHS = 60
BATCH_SIZE = 16


def build_model():
    """Return a compiled keras model: input shape (4,), one output per species."""
    # TODO: keras.Sequential([...]) with keras.Input(shape=(4,)), hidden Dense layer(s), an output layer
    # TODO: model.compile(optimizer=..., loss=..., metrics=["accuracy"])
    raise NotImplementedError("build_model is not written yet")
