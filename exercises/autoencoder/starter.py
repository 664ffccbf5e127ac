"""Autoencoder: squeeze each digit through a small code and rebuild it.

Write build_model(): it returns a compiled keras model that takes the 64 pixels of an 8×8 digit
(flattened, scaled to 0–1) and outputs 64 values as close as possible to the same pixels, through
a layer of at most 16 units. dltutor trains it with fresh weights for EPOCHS epochs of BATCH_SIZE
digits on 75% of them (input = target) and measures the mean squared error on the other 25%.
"""

import keras

EPOCHS = 50
BATCH_SIZE = 32


def build_model():
    """Return a compiled keras model: input shape (64,), a bottleneck of at most 16 units, 64 outputs."""
    # TODO: keras.Sequential([...]) with keras.Input(shape=(64,)),
    #       an encoder (Dense layers narrowing to the code), a decoder (Dense layers widening back),
    #       and an output layer of 64 units with values between 0 and 1
    # TODO: model.compile(optimizer=..., loss=...) with a loss for values
    raise NotImplementedError("build_model is not written yet")
