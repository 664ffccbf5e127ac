"""Digits CNN: convolutions and pooling on 8×8 images.

Write build_model(): it returns a compiled keras model for the scikit-learn digits (8×8 grey
images with one channel, each moved by up to one pixel, pixels scaled to 0–1, labels 0–9).
dltutor trains it with fresh weights for EPOCHS epochs of BATCH_SIZE images on 75% of the digits
and measures the accuracy on the other 25%.
"""

import keras

EPOCHS = 40
BATCH_SIZE = 32


def build_model():
    """Return a compiled keras model: input shape (8, 8, 1), one softmax output per digit."""
    # TODO: keras.Sequential([...]) with keras.Input(shape=(8, 8, 1)),
    #       Conv2D and MaxPooling2D layers, Flatten, then Dense layers ending in 10 units
    # TODO: model.compile(optimizer=..., loss=..., metrics=["accuracy"])
    raise NotImplementedError("build_model is not written yet")
