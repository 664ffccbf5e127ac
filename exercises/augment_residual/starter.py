"""Data augmentation with a residual block, beside the same model without augmentation.

Each example is one of scikit-learn's 8×8 handwritten digits (values 0 to 1) with a channel axis:
shape (8, 8, 1). Labels are the digits 0 to 9. You get only 20 images of each digit to train on,
all centred as they were scanned; the 1,597 held-out images are each moved by up to one pixel.

Write build_model(): a compiled model that starts with a random augmentation layer
(keras.layers.RandomTranslation), then a Conv2D, one residual block (two 3×3 convolutions whose
output is added back to their input, keras.layers.Add), GlobalAveragePooling2D and 10 softmax
outputs. dltutor trains it with fresh weights for EPOCHS epochs of BATCH_SIZE images on the 200
training images and measures the accuracy on the held-out ones: that is graded.

Write build_plain(): the same model without the augmentation layer, compiled the same way. dltutor
trains it the same way once your model reaches the target and shows its accuracy beside it, not
graded: compare.
"""

import keras

EPOCHS = 120
BATCH_SIZE = 32


def residual_block(x, filters):
    """Two Conv2D(filters, 3, padding="same"), the first with a ReLU, added back to x, then a ReLU."""
    # TODO: y = keras.layers.Conv2D(...)(x); y = keras.layers.Conv2D(...)(y)
    # TODO: return keras.layers.Activation("relu")(keras.layers.Add()([x, y]))
    raise NotImplementedError("residual_block is not written yet")


def build_model():
    """Return a compiled keras model: input (8, 8, 1), RandomTranslation, Conv2D(32, 3) with a ReLU,
    residual_block(x, 32), GlobalAveragePooling2D, 10 softmax outputs."""
    # TODO: images = keras.Input(shape=(8, 8, 1)); x = keras.layers.RandomTranslation(...)(images); ...
    # TODO: model = keras.Model(images, outputs); model.compile(optimizer=keras.optimizers.Adam(0.003), ...)
    raise NotImplementedError("build_model is not written yet")


def build_plain():
    """Return the same model without the augmentation layer, compiled the same way."""
    # TODO: build_model() without its RandomTranslation
    raise NotImplementedError("build_plain is not written yet")
