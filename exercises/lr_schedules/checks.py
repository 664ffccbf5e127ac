"""Learning-rate schedules and a small search: the model, each trial of its GRID and its CALLBACKS are
described in the sandbox; dltutor's trusted trainer checks every trial, trains each briefly on the
training rows less its validation rows, keeps the best on those rows, trains it again and scores it
once on the held-out split.

The checks read what the trainer built (``facts.fit``): a learning-rate schedule or ReduceLROnPlateau,
and a GRID of at least two trials.
"""

from tutor.grading.api import check


@check("your model fits the task: input (10,), one linear output, a loss for values, within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("the learning rate falls while training (a schedule or ReduceLROnPlateau), and a GRID is searched",
       points=1)
def lowers_the_rate_and_searches(t):
    fit = t.model_facts().fit
    if not fit.schedule and fit.callback("ReduceLROnPlateau") is None:
        t.fail_structure(f"your learning rate stays at {fit.learning_rate:g} for every step: give the optimizer a "
                         "schedule, Adam(learning_rate=keras.optimizers.schedules.CosineDecay(0.05, "
                         "decay_steps=DECAY_STEPS)), or add ReduceLROnPlateau(monitor=\"val_loss\") to CALLBACKS")
    if len(fit.trials) < 2:
        t.fail_structure("your file declares no GRID of two or more trials, so nothing is searched: "
                         "GRID = {\"learning_rate\": [0.05, 0.02]} has dltutor try build_model(learning_rate=0.05) "
                         "and build_model(learning_rate=0.02) and keep the better on the validation rows")


@check("test MSE ≤ 0.12 on the 150 held-out rows, for the trial the search kept", points=3)
def reaches_the_target(t):
    t.reach_target()
