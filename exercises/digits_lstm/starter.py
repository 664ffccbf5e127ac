"""Digits LSTM: an image read as a sequence of rows.

Write build_model(): it returns a compiled keras model for the scikit-learn digits, each given
as 16 time steps (rows, top to bottom) of 8 values (the pixels of a row, scaled to 0–1): the
digit's 8 rows start at a random step, the other rows are blank; labels 0–9. dltutor trains it
with fresh weights for EPOCHS epochs of BATCH_SIZE digits on 75% of them and measures the
accuracy on the other 25%.
"""

import keras

EPOCHS = 25
BATCH_SIZE = 32


def build_model():
    """Return a compiled keras model: input shape (16, 8) = (time steps, features), 10 softmax outputs."""
    # TODO: keras.Sequential([...]) with keras.Input(shape=(16, 8)), an LSTM layer, an output layer
    # TODO: model.compile(optimizer=..., loss=..., metrics=["accuracy"])
    raise NotImplementedError("build_model is not written yet")
