"""Autoencoder: the model is described in the sandbox, rebuilt and trained by dltutor's trusted trainer.

Besides fitting the task, the model must squeeze each digit through a bottleneck: some layer
before the output with at most 16 units, or it could learn to copy the pixels through.
"""

from tutor.grading.api import check

BOTTLENECK = 16
PIXELS = 64


@check("your model fits the task: input (64,), 64 outputs, a loss for values, within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("your model has a bottleneck: a layer of at most 16 units between input and output", points=1)
def has_a_bottleneck(t):
    layers = t.model_layers()
    t.expect(bool(layers), "not checked: build_model() did not build a model (see the check above)")
    widths = [(layer["class_name"], layer["config"]["units"]) for layer in layers
              if isinstance(layer["config"].get("units"), int)]
    hidden = widths[:-1]  # the last layer with units is the output, 64 wide
    if not hidden:
        t.fail(f"your model maps the {PIXELS} pixels straight to the {PIXELS} outputs, with no layer in between: "
               f"add an encoder that narrows to a code of at most {BOTTLENECK} units, e.g. Dense(32, relu) → "
               "Dense(12), and a decoder that widens back")
    name, narrowest = min(hidden, key=lambda width: width[1])
    if narrowest > BOTTLENECK:
        t.fail(f"your narrowest layer is {name}({narrowest}): with that much room the model can pass the pixels "
               f"through almost unchanged instead of learning a compact code. Squeeze each digit through a layer "
               f"of at most {BOTTLENECK} units, e.g. Dense(12), then widen back to {PIXELS}")


@check("test reconstruction MSE ≤ 0.015 on the held-out 25% of the digits", points=3)
def reaches_the_target(t):
    t.reach_target()
