"""Digits CNN: the model is described in the sandbox, rebuilt, measured and trained by dltutor's trusted trainer.

The structure check reads the facts the trainer measured on the rebuilt model: every path from the
image to the output passes through a convolution that trains, so no Dense layer learns from the
raw pixels around it.
"""

from tutor.grading.api import check


@check("your model fits the task: input (8, 8, 1), 10 outputs, a loss for integer labels, within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("every path from the image to the output passes through a trainable Conv2D", points=1)
def convolves(t):
    t.require_on_every_path(
        "convolution", what="convolution", where="the image",
        add="this exercise is about Conv2D, which finds the same small pattern wherever it is in the image: "
            "add keras.layers.Conv2D(16, 3, activation=\"relu\", padding=\"same\") right after "
            "keras.Input(shape=(8, 8, 1))")


@check("test accuracy ≥ 0.92 on the held-out 25% of the shifted digits", points=3)
def reaches_the_target(t):
    t.reach_target()
