"""Batch normalization in a CNN: the model is described in the sandbox, rebuilt, measured and trained by
dltutor's trusted trainer; the learner's plain CNN is trained the same way beside it, never graded.

The structure check reads the facts the trainer measured on the rebuilt model: every path from the
image to the output passes through a convolution, and through a BatchNormalization that trains for
each convolution on it.
"""

from tutor.grading.api import CheckFailed, check


@check("your model fits the task: input (8, 8, 1), 10 softmax outputs, a loss for integer labels, within budget",
       points=1)
def fits_the_task(t):
    t.check_model()


@check("build_model() normalizes after each convolution with a BatchNormalization that trains", points=1)
def normalizes_each_convolution(t):
    facts = t.require_on_every_path("convolution", what="convolution",
                                    add="start with keras.layers.Conv2D(16, 3, padding=\"same\", use_bias=False)")
    t.require_on_every_path("BatchNormalization", what="BatchNormalization",
                            add="follow each Conv2D with keras.layers.BatchNormalization(momentum=0.9), then "
                                "keras.layers.Activation(\"relu\")")
    convolutions, normalized = facts.depth("convolution"), facts.depth("BatchNormalization")
    if normalized < convolutions:
        t.fail_structure(f"your model has {normalized} BatchNormalization layer(s) on its path for {convolutions} "
                         "convolutions: put one after each Conv2D, before its ReLU, so every layer's inputs "
                         "stay normalized")


@check("test accuracy ≥ 0.75 on the held-out 25% of the digits", points=3)
def reaches_the_target(t):
    t.reach_target()


@check("beside it, build_plain() trained the same way, for comparison (not graded)", points=0)
def plain_cnn_for_comparison(t):
    try:
        t.train_contrast()  # its result, or its problem, shows in the training line; never a failure
    except CheckFailed:
        t.fail("not trained: the plain CNN is trained for comparison once your model reaches the target")
