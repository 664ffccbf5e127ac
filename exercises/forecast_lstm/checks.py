"""Forecast LSTM: the model is described in the sandbox, rebuilt, measured and trained by dltutor's trusted trainer.

The structure check reads the facts the trainer measured on the rebuilt model: every path from the
window to the output passes through two LSTMs that train, the second reading the sequence of
states the first returns (return_sequences=True), the last returning only its final state.
"""

import re

from tutor.grading.api import CheckFailed, LearnerError, check

STEPS = 30
FLAT_SHAPE = re.compile(r"expected ndim=3, found ndim=2\. Full shape received: \(None, (\d+)\)")
STACK = "stack two, keras.layers.LSTM(48, return_sequences=True) then keras.layers.LSTM(24)"


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


@check("every path from the window to the output passes through two stacked LSTMs", points=1)
def stacks_two_lstms(t):
    try:
        facts = t.model_facts()
    except CheckFailed:
        t.fail(_why_it_did_not_build(t))
    if facts.depth("LSTM") >= 2:
        return
    lstms = facts.layers_of("LSTM")
    others = sorted({kind for kind in ("GRU", "SimpleRNN") if facts.layers_of(kind)})
    used = f" (you used {', '.join(others)})" if others else ""
    if len(lstms) >= 2:
        t.fail_structure(f"your model has {len(lstms)} LSTM layers, but some path from the window to the output "
                         "passes through fewer than two of them (a side branch goes around one, or one is frozen "
                         f"with trainable=False): {STACK}, one after the other")
    have = "one LSTM layer" if lstms else "no LSTM layer"
    t.fail_structure(f"your model has {have}{used}: {STACK}")


@check("test MSE ≤ 0.01 on the held-out 25% of the windows", points=3)
def reaches_the_target(t):
    t.reach_target()
