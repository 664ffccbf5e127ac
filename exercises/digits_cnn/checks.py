"""Digits CNN: the model is described in the sandbox, rebuilt and trained by dltutor's trusted trainer."""

from tutor.grading.api import check


@check("your model fits the task: input (8, 8, 1), 10 outputs, a loss for integer labels, within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("test accuracy ≥ 0.95 on the held-out 25% of the digits", points=3)
def reaches_the_target(t):
    t.reach_target()
