"""Batch normalization in a Keras CNN, beside the same CNN without it.

Each example is one of scikit-learn's 8×8 handwritten digits (values 0 to 1), moved by up to one
pixel, with a channel axis: shape (8, 8, 1). Labels are the digits 0 to 9.

Write build_model(): a compiled CNN of four 3×3 convolutions, each followed by
BatchNormalization and then its ReLU. dltutor trains it with fresh weights for EPOCHS epochs of
BATCH_SIZE images on 75% of the digits and measures the accuracy on the other 25%: that is graded.

Write build_plain(): the same CNN without BatchNormalization (the ReLU inside each Conv2D),
compiled the same way. dltutor trains it the same way once your model reaches the target and shows
its accuracy beside it, not graded: compare.
"""

import keras

EPOCHS = 4
BATCH_SIZE = 32


def build_model():
    """Return a compiled keras model: input (8, 8, 1), Conv2D → BatchNormalization → ReLU four
    times (a MaxPooling2D after the second), GlobalAveragePooling2D, 10 softmax outputs."""
    # TODO: keras.Sequential([...]); Conv2D(16, 3, padding="same", use_bias=False), then
    #       keras.layers.BatchNormalization(momentum=0.9), then keras.layers.Activation("relu"), ...
    # TODO: model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9), ...)
    raise NotImplementedError("build_model is not written yet")


def build_plain():
    """Return the same CNN without BatchNormalization, compiled the same way."""
    # TODO: copy build_model(), drop the BatchNormalization layers, put activation="relu" in each Conv2D
    raise NotImplementedError("build_plain is not written yet")
