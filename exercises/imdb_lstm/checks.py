"""IMDB LSTM: the model is described in the sandbox, rebuilt and trained by dltutor's trusted trainer."""

from tutor.grading.api import check


@check("your model fits the task: input (200,), one sigmoid output, binary cross-entropy, within budget", points=1)
def fits_the_task(t):
    t.check_model()


def _kind(layer: dict) -> str:
    """A layer's class, looking inside a Bidirectional wrapper."""
    if layer["class_name"] == "Bidirectional" and isinstance(layer["config"].get("layer"), dict):
        return str(layer["config"]["layer"].get("class_name"))
    return layer["class_name"]


@check("your model embeds the words and reads them with an LSTM", points=1)
def embeds_and_reads_with_an_lstm(t):
    kinds = [_kind(layer) for layer in t.model_layers() if layer["class_name"] != "InputLayer"]
    found = ", ".join(kinds) or "no layers"
    t.expect("Embedding" in kinds, f"your model has no Embedding layer (it has {found}): the inputs are word "
             "numbers, and Embedding(10000, …) turns each one into a learned vector")
    t.expect("LSTM" in kinds, f"your model has no LSTM layer (it has {found}): this exercise is about an "
             "LSTM reading the review word by word")


@check("test accuracy ≥ 0.78 on 10,000 IMDB test reviews", points=3)
def reaches_the_target(t):
    t.reach_target()
