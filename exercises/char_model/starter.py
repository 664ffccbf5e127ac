"""A character-level language model: read 40 characters, predict the next one.

The text is the course's own fables (tutor/helpers/texts/fables.txt), in lower case, with 36
characters: the line break, space, ! ' , - . : ; ? and a to z, numbered 0 to 35 in that order.
Each example is a window of 40 character ids, shape (40,); its label is the id of the character
that follows. Windows start every 2 characters of the first 85% of the text; the last 15% is held
out whole.

Write build_model(): a compiled keras model that embeds the ids, reads the window with a GRU (or
an LSTM) and ends in 36 softmax outputs, one probability per character. dltutor trains it with
fresh weights for EPOCHS epochs of BATCH_SIZE windows and measures how often its most likely
next character is right on the held-out text: that is graded. The trained model then writes 80
characters after a held-out prompt, shown in the report.
"""

import keras

EPOCHS = 8
BATCH_SIZE = 64


def build_model():
    """Return a compiled keras model: input (40,) of character ids, an Embedding, a GRU or LSTM,
    Dense(36, activation="softmax")."""
    # TODO: keras.Sequential([...]) with keras.Input(shape=(40,), dtype="int32"),
    #       keras.layers.Embedding(36, 16), keras.layers.GRU(64), the output layer
    # TODO: model.compile(optimizer=..., loss=..., metrics=["accuracy"])
    raise NotImplementedError("build_model is not written yet")
