"""Regularization: Dropout and an L2 weight penalty.

Write build_model(): it returns a compiled keras model for a make_classification data set
(20 standardised features per row, labels 0, 1, 2). Use at least one Dropout layer and an L2
kernel_regularizer on a Dense layer. dltutor trains it with fresh weights for EPOCHS epochs of
BATCH_SIZE rows on 75% of the rows and measures the accuracy on the other 25%.
"""

import keras

EPOCHS = 40
BATCH_SIZE = 32


def build_model():
    """Return a compiled keras model: input shape (20,), Dropout and L2, 3 softmax outputs."""
    # TODO: keras.Sequential([...]) with keras.Input(shape=(20,)), hidden Dense layers with
    #       kernel_regularizer=keras.regularizers.L2(...), a Dropout layer after each, an output layer
    # TODO: model.compile(optimizer=..., loss=..., metrics=["accuracy"])
    raise NotImplementedError("build_model is not written yet")
