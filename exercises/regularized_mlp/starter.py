"""Regularization: Dropout and an L2 weight penalty.

Write build_model(): it returns a compiled keras model for a make_classification data set
(300 standardised features per row, only 5 of them informative; labels 0, 1, 2). Use at least
one Dropout layer and an L2 kernel_regularizer on a Dense layer. dltutor trains it with fresh
weights for EPOCHS epochs of BATCH_SIZE rows on 300 rows and measures the accuracy on 1,500 others.
"""

import keras

EPOCHS = 150
BATCH_SIZE = 32


def build_model():
    """Return a compiled keras model: input shape (300,), Dropout and L2, 3 softmax outputs."""
    # TODO: keras.Sequential([...]) with keras.Input(shape=(300,)), hidden Dense layers with
    #       kernel_regularizer=keras.regularizers.L2(...), a Dropout layer after each, an output layer
    # TODO: model.compile(optimizer=..., loss=..., metrics=["accuracy"])
    raise NotImplementedError("build_model is not written yet")
