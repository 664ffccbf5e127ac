"""Augmentation and a residual block: the model is described in the sandbox, rebuilt, measured and
trained by dltutor's trusted trainer; the learner's model without augmentation is trained the same
way beside it, never graded.

The structure checks read the facts the trainer measured on the rebuilt model: a random
augmentation layer on every path from the image, a skip connection (an Add joining a tensor with
one computed from it), and global average pooling before the output.
"""

from tutor.grading.api import CheckFailed, check


@check("your model fits the task: input (8, 8, 1), 10 softmax outputs, a loss for integer labels, within budget",
       points=1)
def fits_the_task(t):
    t.check_model()


@check("build_model() augments every image, has a residual block and pools globally", points=1)
def augments_with_a_residual_block(t):
    facts = t.require_on_every_path(
        "augmentation", what="random augmentation layer",
        add="start with keras.layers.RandomTranslation(0.125, 0.125, fill_mode=\"constant\") right after the "
            "input: it moves each training image by up to a pixel, anew every epoch")
    if not any(layer.residual and layer.every_path for layer in facts.layers):
        t.fail_structure("your model has no skip connection: in residual_block(), add the block's input back to "
                         "the output of its two convolutions, keras.layers.Add()([x, y]), so the block learns "
                         "a correction to x rather than x itself")
    t.require_on_every_path("GlobalAveragePooling2D", what="GlobalAveragePooling2D",
                            add="end the convolutions with keras.layers.GlobalAveragePooling2D(), which averages "
                                "each channel over the image wherever the stroke was found, then the Dense(10)")


@check("test accuracy ≥ 0.73 on the 1,597 held-out digits, each moved by up to a pixel", points=3)
def reaches_the_target(t):
    t.reach_target()


@check("beside it, build_plain() trained the same way, for comparison (not graded)", points=0)
def plain_model_for_comparison(t):
    try:
        t.train_contrast()  # its result, or its problem, shows in the training line; never a failure
    except CheckFailed:
        t.fail("not trained: the model without augmentation is trained for comparison once your model reaches "
               "the target")
