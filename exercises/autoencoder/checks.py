"""Autoencoder: the model is described in the sandbox, rebuilt, measured and trained by dltutor's trusted trainer.

The bottleneck check reads the code width the trainer measured on the rebuilt model: the narrowest
set of tensors that every path from the pixels to the output must cross (a minimum vertex cut, in
values per digit). A layer's ``units`` say nothing about it: Dense(8) applied to each of 64 pixels
outputs 512 values, and a branch that goes around the code widens it.
"""

from tutor.grading.api import check

BOTTLENECK = 16
PIXELS = 64
SQUEEZE = f"squeeze each digit through a code of at most {BOTTLENECK} values, e.g. Dense(12), then widen back to {PIXELS}"


@check("your model fits the task: input (64,), 64 outputs, a loss for pixel values, within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("every path from the pixels to the output crosses a code of at most 16 values", points=1)
def has_a_bottleneck(t):
    facts = t.model_facts()
    width, layers = facts.code_width, " and ".join(repr(name) for name in facts.code_layers)
    if facts.code_bypassed:
        t.fail_structure(f"your model maps the {PIXELS} pixels straight to the {PIXELS} outputs, with nothing in "
                         f"between on some path: add an encoder that narrows, e.g. Dense(32, relu) → Dense(12), and "
                         "a decoder that widens back")
    if width is None:
        t.fail_structure("every narrow point of your model has an axis of no fixed length (None), so its width "
                         f"is undefined: give the layers fixed shapes and {SQUEEZE}")
    if width > BOTTLENECK:
        where = f"the output of {layers}" if len(facts.code_layers) == 1 else f"the outputs of {layers} together"
        t.fail_structure(f"the narrowest point every path from the pixels to the output must cross is {width} values "
                         f"wide ({where}): with that much room the model can pass the pixels through almost "
                         f"unchanged instead of learning a compact code (a branch around the code, or a layer "
                         f"applied to each pixel on its own, leaves that room). {SQUEEZE[0].upper()}{SQUEEZE[1:]}")


@check("test reconstruction MSE ≤ 0.014 on the held-out 25% of the digits", points=3)
def reaches_the_target(t):
    t.reach_target()
