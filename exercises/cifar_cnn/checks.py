"""CIFAR-10 CNN: the model is described in the sandbox, rebuilt, measured and trained by dltutor's
trusted trainer; the structure check reads what the trainer measured on the rebuilt model."""

from tutor.grading.api import check


@check("your model fits the task: input (32, 32, 3), 10 outputs, a loss for integer labels, within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("every path from the photo to the output passes through a trainable Conv2D", points=1)
def is_convolutional(t):
    t.require_on_every_path(
        "convolution", what="convolution", where="the photo",
        add="this exercise is about convolutions, which find the same local pattern anywhere in a photo: "
            "start with keras.layers.Conv2D(16, 3, activation=\"relu\", padding=\"same\") after "
            "keras.Input(shape=(32, 32, 3))")


@check("test accuracy ≥ 0.55 on the 10,000 CIFAR-10 test photos", points=3)
def reaches_the_target(t):
    t.reach_target()
