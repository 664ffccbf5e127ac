"""Runs INSIDE the sandbox (its source is sent there): turns the learner's build_model() into plain
data, the model's JSON config and compile settings, their EPOCHS / BATCH_SIZE and CALLBACKS (or the
same for another builder, the ``contrast`` model some exercises train beside the graded one); with a
GRID (a search), the model of each of its trials, ``build_model(**settings)``.

Nothing it returns is trusted: the grader bounds and parses the JSON, and the trainer rebuilds the
model from the config alone, after an allowlist of classes, keys and values accepted it, so weights,
patched methods or lookup tables never leave the sandbox. EPOCHS and BATCH_SIZE go back as they are
(``np.int64(60)`` included): the grader decides what counts as a whole number.
"""

import inspect
import itertools
import json
import sys

PLAIN = (bool, int, float, str, type(None))


def _callback(callback):
    """A callback as its class name and the constructor arguments it keeps as attributes (Keras
    callbacks have no config of their own); the trainer builds its own from them, if it allows it."""
    arguments = {}
    for name, parameter in inspect.signature(type(callback).__init__).parameters.items():
        named = parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
        if named and name != "self" and hasattr(callback, name) and isinstance(getattr(callback, name), PLAIN):
            arguments[name] = getattr(callback, name)
    return {"class_name": type(callback).__name__, "config": arguments}


def describe(module_name, builder="build_model"):
    learner = sys.modules[module_name]
    build = getattr(learner, builder, None)
    if not callable(build):
        return {"problem": f"your file does not define {builder}()"}
    model = build()
    to_json = getattr(model, "to_json", None)
    if not callable(to_json):
        return {"problem": f"{builder}() returned {type(model).__name__}, not a keras Model"}
    compile_config = model.get_compile_config() if hasattr(model, "get_compile_config") else None
    callbacks = getattr(learner, "CALLBACKS", None)
    if callbacks is not None and not isinstance(callbacks, (list, tuple)):
        return {"problem": "CALLBACKS must be a list of keras.callbacks objects"}
    described = {
        "model_json": to_json(),
        "compile_json": json.dumps(compile_config),
        "callbacks_json": json.dumps(None if callbacks is None else [_callback(c) for c in callbacks]),
        "epochs": getattr(learner, "EPOCHS", None),
        "batch_size": getattr(learner, "BATCH_SIZE", None),
    }
    grid = getattr(learner, "GRID", None)
    if builder == "build_model" and grid is not None:
        trials = _trials(grid, build)
        if isinstance(trials, str):
            return {"problem": trials}
        described["trials_json"] = json.dumps(trials)
    return described


MAX_TRIALS = 4


def _trials(grid, build):
    """Every combination of the GRID's settings, each model described; or what is wrong with the GRID."""
    if not isinstance(grid, dict) or not grid or len(grid) > 4 or not all(
            isinstance(k, str) and k.isidentifier() and isinstance(v, (list, tuple)) and v for k, v in grid.items()):
        return "GRID must be a dict of settings, each a non-empty list: GRID = {\"learning_rate\": [0.01, 0.003]}"
    if any(not isinstance(value, PLAIN) for values in grid.values() for value in values):
        return "each value of GRID must be a plain number, string, True/False or None"
    combinations = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    if len(combinations) > MAX_TRIALS:
        return f"GRID declares {len(combinations)} trials; at most {MAX_TRIALS} are run"
    trials = []
    for settings in combinations:
        model = build(**settings)
        if not callable(getattr(model, "to_json", None)):
            return f"build_model({settings}) returned {type(model).__name__}, not a keras Model"
        trials.append({"params": settings, "model_json": model.to_json(),
                       "compile": model.get_compile_config() if hasattr(model, "get_compile_config") else None})
    return trials
