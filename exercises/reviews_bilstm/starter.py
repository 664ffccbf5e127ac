"""Padded reviews: a masked bidirectional LSTM, and a SimpleRNN beside it.

Each example is a generated review of 8 to 30 words, given as word ids (1 to 99) and padded with
0 at the end to 30: shape (30,). Ids 1-8 are good words, 9-16 bad words, 17 is "not" (it flips
the word after it), the rest are neutral. The label is 1 when the review is positive overall.

Write build_model(): a compiled keras model that embeds the ids with a mask for the padding
(mask_zero=True), reads them with a Bidirectional LSTM and ends in one sigmoid unit. dltutor
trains it with fresh weights for EPOCHS epochs of BATCH_SIZE reviews on 75% of them and measures
the accuracy on the other 25%: that is graded.

Write build_simple_rnn(): the same model with SimpleRNN in place of LSTM. dltutor trains it the
same way once your LSTM reaches the target and shows its accuracy beside it, not graded: compare.
"""

import keras

EPOCHS = 8
BATCH_SIZE = 64


def build_model():
    """Return a compiled keras model: input (30,) of word ids, Embedding(100, 16, mask_zero=True),
    a Bidirectional LSTM, one sigmoid output."""
    # TODO: keras.Sequential([...]) with keras.Input(shape=(30,), dtype="int32"), an Embedding with
    #       mask_zero=True, keras.layers.Bidirectional(keras.layers.LSTM(8)), Dense(1, activation="sigmoid")
    # TODO: model.compile(optimizer=..., loss="binary_crossentropy", metrics=["accuracy"])
    raise NotImplementedError("build_model is not written yet")


def build_simple_rnn():
    """Return the same model as build_model(), compiled the same way, with SimpleRNN in place of LSTM."""
    # TODO: copy build_model() and replace keras.layers.LSTM(8) with keras.layers.SimpleRNN(8)
    raise NotImplementedError("build_simple_rnn is not written yet")
