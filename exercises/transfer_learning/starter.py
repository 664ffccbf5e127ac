"""Transfer learning: a frozen pre-trained base and a new head, beside the same network from scratch.

Each example is one of scikit-learn's 8×8 handwritten digits 5 to 9 (values 0 to 1), moved by up to
one pixel, with a channel axis: shape (8, 8, 1). Labels 0 to 4 stand for the digits 5 to 9. You
train on 10% of them (89 images); the other 90% are held out.

pretrained_base() is given: keep it as it is. Under its name, dltutor_pretrained_digits, dltutor's
trainer puts in the weights it pre-trained itself on the digits 0 to 4; here in the sandbox they
are fresh. Under any other name it is just this architecture, with fresh weights there too.

Write build_model(): pretrained_base(), frozen, then a Dense head of 5 softmax outputs, compiled.
dltutor trains it for EPOCHS epochs of BATCH_SIZE images and measures the held-out accuracy: graded.

Write build_scratch(): the same network under another name (pretrained_base(name="from_scratch")),
not frozen, compiled the same way. dltutor trains it the same way from fresh weights once your model
reaches the target and shows its accuracy beside it, not graded: compare.
"""

import keras

EPOCHS = 10
BATCH_SIZE = 16
BASE_NAME = "dltutor_pretrained_digits"


def pretrained_base(name=BASE_NAME):
    """The base the trainer pre-trained (given: a changed layer is refused, as it is not that base)."""
    return keras.Sequential([
        keras.Input(shape=(8, 8, 1)),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
    ], name=name)


def build_model():
    """Return a compiled keras model: input (8, 8, 1), the frozen pretrained_base(), 5 softmax outputs."""
    # TODO: base = pretrained_base(); base.trainable = False
    # TODO: keras.Sequential([keras.Input(shape=(8, 8, 1)), base, keras.layers.Dense(...)])
    # TODO: model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03), ...)
    raise NotImplementedError("build_model is not written yet")


def build_scratch():
    """Return the same network from scratch: pretrained_base(name="from_scratch"), not frozen."""
    # TODO: copy build_model(), with pretrained_base(name="from_scratch") and no freezing
    raise NotImplementedError("build_scratch is not written yet")
