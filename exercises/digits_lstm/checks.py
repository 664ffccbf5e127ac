"""Digits LSTM: the model is described in the sandbox, rebuilt, measured and trained by dltutor's trusted trainer.

The structure check reads the facts the trainer measured on the rebuilt model: every path from the
input to the output passes through a recurrent layer that trains and reads the rows as time steps.
"""

from tutor.grading.api import check


@check("your model fits the task: input (16, 8), 10 outputs, a loss for integer labels, within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("a recurrent layer reads the 16 rows one step at a time, on every path to the output", points=1)
def reads_the_rows(t):
    t.require_on_every_path(
        "recurrent", what="recurrent layer",
        add="this exercise is about an LSTM reading the strip row by row, so that a digit is the same digit "
            "whether it starts early or late; put keras.layers.LSTM(32) right after keras.Input(shape=(16, 8))")


@check("test accuracy ≥ 0.88 on the held-out 25% of the digits", points=3)
def reaches_the_target(t):
    t.reach_target()
