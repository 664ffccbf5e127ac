"""Waves GRU: the GRU is described in the sandbox, rebuilt, measured and trained by dltutor's trusted
trainer; the learner's SimpleRNN is trained the same way beside it, for comparison, never graded.

The structure check reads the facts the trainer measured on the rebuilt model: every path from the
wave to the output passes through a GRU that trains and reads the 40 time steps.
"""

from tutor.grading.api import CheckFailed, check


@check("your model fits the task: input (40, 1), 3 softmax outputs, a loss for integer labels, within budget",
       points=1)
def fits_the_task(t):
    t.check_model()


@check("build_model() reads the 40 steps with a GRU, on every path to the output", points=1)
def reads_with_a_gru(t):
    facts = t.model_facts()
    if facts.on_every_path("GRU"):
        return
    others = [kind for kind in ("SimpleRNN", "LSTM") if facts.layers_of(kind)]
    if others and not facts.layers_of("GRU"):
        t.fail_structure(f"build_model() uses {others[0]}: this exercise grades a GRU, keras.layers.GRU(32); "
                         + ("the SimpleRNN belongs in build_simple_rnn(), trained beside it for comparison"
                            if others[0] == "SimpleRNN" else "use GRU here"))
    t.require_on_every_path("GRU", what="GRU layer",
                            add="read the 40 steps with keras.layers.GRU(32) right after keras.Input(shape=(40, 1))")


@check("test accuracy ≥ 0.93 on the held-out 25% of the waves", points=3)
def reaches_the_target(t):
    t.reach_target()


@check("beside it, build_simple_rnn() trained the same way, for comparison (not graded)", points=0)
def simple_rnn_for_comparison(t):
    try:
        t.train_contrast()  # its result, or its problem, shows in the training line; never a failure
    except CheckFailed:
        t.fail("not trained: the SimpleRNN is trained for comparison once your GRU reaches the target")
