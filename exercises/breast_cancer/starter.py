"""Breast cancer: one sigmoid unit for a yes/no diagnosis.

Write build_model(): it returns a compiled keras model for the breast cancer data (30 standardised
measurements per tumour, labels 0 = malignant, 1 = benign). dltutor trains it with fresh weights
for EPOCHS epochs of BATCH_SIZE rows on 75% of the tumours and measures the accuracy on the other 25%.
"""

import keras

EPOCHS = 30
BATCH_SIZE = 32


def build_model():
    """Return a compiled keras model: input shape (30,), one sigmoid output unit."""
    # TODO: keras.Sequential([...]) with keras.Input(shape=(30,)), a hidden Dense layer, an output layer
    # TODO: model.compile(optimizer=..., loss=..., metrics=["accuracy"])
    raise NotImplementedError("build_model is not written yet")
