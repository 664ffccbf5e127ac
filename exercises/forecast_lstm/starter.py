"""Forecasting with stacked LSTMs: predict the next value of a noisy mixture of two sines.

Write build_model(): it returns a compiled keras model that reads a window of 30 values, shape
(30, 1) = (time steps, features), and predicts the value at step 31, one number. Stack two LSTM
layers. dltutor trains it with fresh weights for EPOCHS epochs of BATCH_SIZE windows on 75% of
them and measures the mean squared error on the other 25%.
"""

import keras

EPOCHS = 20
BATCH_SIZE = 64


def build_model():
    """Return a compiled keras model: input shape (30, 1), two stacked LSTMs, one linear output."""
    # TODO: keras.Sequential([...]) with keras.Input(shape=(30, 1)),
    #       an LSTM that returns its whole sequence (return_sequences=True), a second LSTM,
    #       and a Dense output layer with one unit and no activation
    # TODO: model.compile(optimizer=..., loss=...) with a loss for values
    raise NotImplementedError("build_model is not written yet")
