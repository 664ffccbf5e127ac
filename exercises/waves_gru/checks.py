"""Waves GRU: the GRU is described in the sandbox, rebuilt and trained by dltutor's trusted trainer;
the learner's SimpleRNN is trained the same way beside it, for comparison, never graded."""

from tutor.grading.api import CheckFailed, check

RECURRENT = ("GRU", "LSTM", "SimpleRNN", "RNN", "ConvLSTM1D")


def _kinds(layer: dict) -> list[str]:
    """A layer's class, and the classes it wraps (Bidirectional(GRU(…)), RNN(GRUCell(…)))."""
    kinds = [layer["class_name"]]
    for key in ("layer", "cell", "forward_layer"):
        inner = layer["config"].get(key)
        if isinstance(inner, dict) and isinstance(inner.get("class_name"), str):
            kinds += _kinds({"class_name": inner["class_name"],
                             "config": inner.get("config") if isinstance(inner.get("config"), dict) else {}})
    return kinds


@check("your model fits the task: input (40, 1), 3 softmax outputs, a loss for integer labels, within budget",
       points=1)
def fits_the_task(t):
    t.check_model()


@check("build_model() reads the wave with a GRU layer", points=1)
def reads_with_a_gru(t):
    layers = t.model_layers()
    if not layers:
        t.fail("not checked: build_model() must build a model first (see the check above)")
    kinds = [kind for layer in layers if layer["class_name"] != "InputLayer" for kind in _kinds(layer)]
    if "GRU" in kinds or "GRUCell" in kinds:
        return
    recurrent = [kind for kind in kinds if kind in RECURRENT]
    if recurrent:
        t.fail(f"build_model() uses {recurrent[0]}: this exercise grades a GRU, keras.layers.GRU(32); "
               + ("the SimpleRNN belongs in build_simple_rnn(), trained beside it for comparison"
                  if recurrent[0] == "SimpleRNN" else "use GRU here"))
    found = ", ".join(kind for kind in kinds) or "no layers"
    t.fail(f"build_model() has no recurrent layer (it has {found}): read the 40 steps with keras.layers.GRU(32)")


@check("test accuracy ≥ 0.93 on the held-out 25% of the waves", points=3)
def reaches_the_target(t):
    t.reach_target()


@check("beside it, build_simple_rnn() trained the same way, for comparison (not graded)", points=0)
def simple_rnn_for_comparison(t):
    try:
        t.train_contrast()  # its result, or its problem, shows in the training line; never a failure
    except CheckFailed:
        t.fail("not trained: the SimpleRNN is trained for comparison once your GRU reaches the target")
