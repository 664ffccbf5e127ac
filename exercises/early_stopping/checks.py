"""Early stopping: the model and its CALLBACKS are described in the sandbox; dltutor's trusted trainer
builds the EarlyStopping from the allowed arguments, trains on the training rows less its own
validation rows, and scores once on the held-out patients.

The callback check reads what the trainer built (``facts.fit``), never the learner's description:
an EarlyStopping that watches the validation loss and goes back to the best weights it saw.
"""

from tutor.grading.api import CheckFailed, check

ADD = ('CALLBACKS = [keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, '
       'restore_best_weights=True)]')


@check("your model fits the task: input (10,), one linear output, a loss for values, within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("CALLBACKS stop training where the validation loss is lowest, and keep those weights", points=1)
def stops_early(t):
    stopping = t.model_facts().fit.callback("EarlyStopping")
    if stopping is None:
        t.fail_structure("your CALLBACKS hold no EarlyStopping, so training runs every epoch and overfits the "
                         f"331 training rows: {ADD}")
    elif not stopping.monitor.startswith("val_"):
        t.fail_structure(f"your EarlyStopping monitors {stopping.monitor!r}, measured on the training rows, which keeps "
                         "improving while the model overfits: monitor the validation loss, monitor=\"val_loss\"")
    elif not stopping.restore_best_weights:
        t.fail_structure(f"your EarlyStopping stops {stopping.patience} epochs after the best epoch and keeps the "
                         "weights of the last one, which already overfit: pass restore_best_weights=True")


@check("test MSE ≤ 0.55 on the 111 held-out patients", points=3)
def reaches_the_target(t):
    t.reach_target()


@check("beside it, the same model trained for all EPOCHS without CALLBACKS (not graded)", points=0)
def long_run_for_comparison(t):
    try:
        t.train_contrast()  # its result, or its problem, shows in the training line; never a failure
    except CheckFailed:
        t.fail("not trained: the over-long run is trained for comparison once your model reaches the target")
