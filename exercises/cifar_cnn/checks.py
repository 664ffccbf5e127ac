"""CIFAR-10 CNN: the model is described in the sandbox, rebuilt and trained by dltutor's trusted trainer."""

from tutor.grading.api import check


@check("your model fits the task: input (32, 32, 3), 10 outputs, a loss for integer labels, within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("your model is convolutional: it has Conv2D layers", points=1)
def is_convolutional(t):
    layers = [layer["class_name"] for layer in t.model_layers() if layer["class_name"] != "InputLayer"]
    t.expect("Conv2D" in layers, "your model has no Conv2D layer (it has " + ", ".join(layers or ["no layers"])
             + "): this exercise is about convolutions, which find the same local pattern anywhere in a photo")


@check("test accuracy ≥ 0.55 on the 10,000 CIFAR-10 test photos", points=3)
def reaches_the_target(t):
    t.reach_target()
