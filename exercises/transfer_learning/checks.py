"""Transfer learning: the model is described in the sandbox, rebuilt, measured and trained by dltutor's
trusted trainer, which puts its own pre-trained weights into the base under the reserved name; the
same network from scratch is trained the same way beside it, never graded.

The structure check reads the facts the trainer measured on the rebuilt model: the layers of the
base it provided are marked "pretrained"; every path from the image to the output must pass through
them, and they must be frozen (90 images would retrain the base's features into ones that fit those
90 and lose what the digits 0–4 taught them).
"""

from tutor.grading.api import CheckFailed, check

PRETRAINED = "pretrained"  # the kind the trainer gives the layers of the base it provided


@check("your model fits the task: input (8, 8, 1), 5 softmax outputs, a loss for integer labels, within budget",
       points=1)
def fits_the_task(t):
    t.check_model()


@check("build_model() passes every image through the pre-trained base, frozen", points=1)
def uses_the_frozen_base(t):
    facts = t.model_facts()
    base = [layer for layer in facts.layers if PRETRAINED in layer.kinds]
    if not base:
        t.fail_structure("your model has no pre-trained base: put pretrained_base() (under its own name, "
                         "dltutor_pretrained_digits) before the head in build_model(), so the trainer can put "
                         "its pre-trained weights there")
    if not all(layer.every_path for layer in base):
        t.fail_structure("a path from the image to the output goes around the pre-trained base: let the head "
                         "read only the base's output")
    if any(layer.trainable and layer.params for layer in base):
        t.fail_structure("your pre-trained base is not frozen (it trains): set base.trainable = False before "
                         "you put it in the model, so the 89 images train only the head")


@check("held-out accuracy ≥ 0.82 on the digits 5–9 (90% of them)", points=3)
def reaches_the_target(t):
    t.reach_target()


@check("beside it, build_scratch() trained the same way from fresh weights, for comparison (not graded)",
       points=0)
def scratch_for_comparison(t):
    try:
        t.train_contrast()  # its result, or its problem, shows in the training line; never a failure
    except CheckFailed:
        t.fail("not trained: the network from scratch is trained for comparison once your model reaches the "
               "target")
