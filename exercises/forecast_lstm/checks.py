"""Forecast LSTM: the model is described in the sandbox, rebuilt and trained by dltutor's trusted trainer.

Besides fitting the task, the model must stack two LSTM layers, the first passing on its whole
sequence (return_sequences=True) and the last returning only its final state.
"""

import re

from tutor.grading.api import CheckFailed, LearnerError, check

STEPS = 30
FLAT_SHAPE = re.compile(r"expected ndim=3, found ndim=2\. Full shape received: \(None, (\d+)\)")


def _why_it_did_not_build(t) -> str:
    """Keras' build error, in terms of this exercise: a missing feature axis or return_sequences."""
    try:
        t.call("build_model")
    except LearnerError as crashed:
        found = FLAT_SHAPE.search(str(crashed))
        if found and int(found.group(1)) == STEPS:
            return (f"your LSTM received inputs of shape (batch, {STEPS}) with no feature axis: an LSTM reads "
                    f"(time steps, features per step), so the input is keras.Input(shape=({STEPS}, 1)), "
                    f"{STEPS} steps of 1 value")
        if found:
            return (f"an LSTM received inputs of shape (batch, {found.group(1)}): the last hidden state of the "
                    "LSTM before it, not a sequence. Give the first LSTM return_sequences=True so that it passes "
                    f"on its state at all {STEPS} steps for the second LSTM to read")
    except CheckFailed:
        pass
    return "not checked: build_model() did not build a model (see the check above)"


@check("your model fits the task: input (30, 1), 1 linear output, a loss for values, within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("your model stacks two LSTM layers, the first with return_sequences=True", points=1)
def stacks_two_lstms(t):
    layers = t.model_layers()
    if not layers:
        t.fail(_why_it_did_not_build(t))
    lstms = [layer["config"] for layer in layers if layer["class_name"] == "LSTM"]
    others = sorted({layer["class_name"] for layer in layers if layer["class_name"] in ("GRU", "SimpleRNN")})
    if len(lstms) < 2:
        used = f" (you used {', '.join(others)})" if others else ""
        have = "one LSTM layer" if lstms else "no LSTM layer"
        t.fail(f"your model has {have}{used}: stack two, keras.layers.LSTM(48, return_sequences=True) "
               "then keras.layers.LSTM(24)")
    if not lstms[0].get("return_sequences"):
        t.fail("your first LSTM has return_sequences=False, so it passes on only its last state: give it "
               f"return_sequences=True so that the second LSTM reads a sequence of {STEPS} steps")
    if lstms[-1].get("return_sequences"):
        t.fail(f"your last LSTM has return_sequences=True, so it outputs all {STEPS} steps and the model predicts "
               f"{STEPS} values per window: leave it at return_sequences=False so that it returns its final "
               "state, and the Dense layer turns that into one prediction")


@check("test MSE ≤ 0.02 on the held-out 25% of the windows", points=3)
def reaches_the_target(t):
    t.reach_target()
