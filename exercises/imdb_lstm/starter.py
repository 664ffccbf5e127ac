"""IMDB: an LSTM decides whether a movie review is positive.

Write build_model(): it returns a compiled keras model for IMDB reviews, each given as 200 word
numbers (1 marks the start, 2 a rare word, 3 and up the words by frequency, below 10,000; zeros in
front pad short reviews), labelled 1 (positive) or 0 (negative). dltutor trains it with fresh
weights for EPOCHS epochs of BATCH_SIZE reviews on 10,000 IMDB training reviews and measures the
accuracy on 10,000 test reviews. IMDB must be in Keras' cache (the lesson says how to fetch it);
otherwise the check is skipped.
"""

import keras

EPOCHS = 4
BATCH_SIZE = 64


def build_model():
    """Return a compiled keras model: input shape (200,) of word numbers, one sigmoid output."""
    # TODO: keras.Sequential([...]) with keras.Input(shape=(200,)), an Embedding layer for
    #       10,000 words, an LSTM layer, then one output unit for "positive"
    # TODO: model.compile(optimizer=..., loss=..., metrics=["accuracy"])
    raise NotImplementedError("build_model is not written yet")
