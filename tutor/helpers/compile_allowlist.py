"""Compile settings and callbacks accepted by allowlist, in the trusted trainer: known optimizers with
their numeric arguments range-checked, known losses and metrics, and (where an exercise allows them)
learning-rate schedules and the EarlyStopping / ReduceLROnPlateau callbacks.

The same walk as model configs (``config_allowlist.Walk``): allowed classes, their default
instance's keys, a schema per key; a metric that is not one is the learner's mistake, named.
"""

from __future__ import annotations

from tutor.helpers import allowed_classes as classes
from tutor.helpers.allowlist_schema import FLAG, Either, Maybe, Numbers, Obj, OneOf, Whole, plain
from tutor.helpers.config_allowlist import Walk, reference

MAX_COMPILE_NUMBERS = 100
COMPILE_SCHEMAS = {"loss_weights": Maybe(Numbers(0, 100, 8)), "run_eagerly": Maybe(FLAG),
                   "jit_compile": Either((FLAG, OneOf(("auto",)))), "steps_per_execution": Whole(1, 1000)}
_compile_keys: list[frozenset] = []


def _default_compile_keys(keras) -> frozenset:
    if not _compile_keys:
        model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Flatten()])
        model.compile(optimizer="sgd", loss="mse")
        _compile_keys.append(frozenset(model.get_compile_config()))
    return _compile_keys[0]


def check_compile_config(compile_config, *, keras, allow=frozenset()) -> list[str]:
    """Problems with the compile settings (``model.get_compile_config()``): known optimizers with
    arguments in range, known losses and metrics. None or {} is left to ``inspect`` ("must compile")."""
    if not compile_config:
        return []
    walk = Walk(keras, allow)
    if not isinstance(compile_config, dict):
        return ["the compile settings must come from model.compile(optimizer=..., loss=..., metrics=[...])"]
    for key, value in compile_config.items():
        if key not in _default_compile_keys(keras):
            walk.refuse(f"model.compile() got an unknown setting {plain(key)}")
        elif key == "optimizer":
            if isinstance(value, str) and value not in classes.OPTIMIZER_NAMES:
                walk.refuse(f"the optimizer {plain(value)} is not one Keras knows: use e.g. 'adam'")
            else:
                walk.obj(value, Obj(("optimizer",), names=classes.OPTIMIZER_NAMES), "the optimizer")
        elif key == "loss":
            if isinstance(value, (list, dict)) and not (isinstance(value, dict) and "class_name" in value):
                walk.refuse("give model.compile() one loss for the model's one output, not a list or a table")
            else:
                walk.obj(value, Obj(("loss",), names=classes.LOSS_NAMES, optional=True), "the loss")
        elif key in ("metrics", "weighted_metrics"):
            metrics(walk, key, value)
        elif key in COMPILE_SCHEMAS:
            walk.scalar(COMPILE_SCHEMAS[key], value, "model.compile()", key)
    if walk.numbers > MAX_COMPILE_NUMBERS:
        walk.refuse(f"the compile settings hold {walk.numbers:,} literal numbers; at most {MAX_COMPILE_NUMBERS}")
    return walk.problems


def metrics(walk: Walk, key: str, value) -> None:
    if value is None:
        return
    if not isinstance(value, list) or len(value) > 16:
        return walk.refuse(f"{key} must be a short list, e.g. metrics=['accuracy']")
    for item in value:
        if isinstance(item, str) and item not in classes.METRIC_NAMES:
            walk.refuse(f"the metric {plain(item)} is not a Keras metric known here: use e.g. metrics=['accuracy']")
        else:
            walk.obj(item, Obj(("metric",), names=classes.METRIC_NAMES), "a metric")


def check_callbacks(callbacks, *, keras, allow=frozenset()) -> list[str]:
    """Problems with the learner's CALLBACKS (``[{"class_name", "config"}]``, as describe.py sends them)."""
    if not callbacks:
        return []
    if "callbacks" not in allow:
        return ["this exercise takes no callbacks: remove CALLBACKS from your file"]
    walk = Walk(keras, allow)
    if not isinstance(callbacks, list) or len(callbacks) > 4:
        return ["CALLBACKS must be a short list of keras.callbacks.EarlyStopping or ReduceLROnPlateau"]
    for item in callbacks:
        name = item.get("class_name") if isinstance(item, dict) else None
        found = reference(keras, "callback", name) if isinstance(name, str) else None
        if found is None or set(item) != {"class_name", "config"} or not isinstance(item["config"], dict):
            walk.refuse(f"CALLBACKS may hold keras.callbacks.EarlyStopping or ReduceLROnPlateau, not {plain(name)}")
        else:
            walk.settings(found, item["config"], f"the callback {name}")
    return walk.problems
