"""A character-level language model: the model is described in the sandbox, rebuilt, measured and
trained by dltutor's trusted trainer, which also has the trained model write a short sample of text
after a held-out prompt (its characters drawn from the course's alphabet only) for the report.

The structure check reads the facts the trainer measured on the rebuilt model: every path from the
character ids to the output passes through a recurrent layer that trains and reads the 40 steps.
"""

from tutor.grading.api import check


@check("your model fits the task: input (40,), 36 softmax outputs, a loss for integer labels, within budget",
       points=1)
def fits_the_task(t):
    t.check_model()


@check("your model reads the 40 characters in order with a recurrent layer", points=1)
def reads_in_order(t):
    t.require_on_every_path("recurrent", what="recurrent layer", where="the character ids",
                            add="read the embedded characters with keras.layers.GRU(64) (or LSTM(64)), which "
                                "keeps their order; a pooling layer only counts them")


@check("held-out accuracy ≥ 0.4 per character on the last 15% of the text", points=3)
def reaches_the_target(t):
    t.reach_target()
