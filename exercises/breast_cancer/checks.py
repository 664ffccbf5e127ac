"""Breast cancer: the model is described in the sandbox, rebuilt and trained by dltutor's trusted trainer."""

from tutor.grading.api import check


@check("your model fits the task: input (30,), a binary output (one sigmoid unit with binary cross-entropy, "
       "or two softmax units with sparse categorical cross-entropy), within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("test accuracy ≥ 0.94 on the held-out 25% of the tumours", points=3)
def reaches_the_target(t):
    t.reach_target()
