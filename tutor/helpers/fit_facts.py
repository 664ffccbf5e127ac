"""What the trainer builds around a learner's model (trusted helpers only): the validation rows it holds
out of the training split, the callbacks it builds from their CALLBACKS, the optimizer's learning-rate
schedule; what is wrong with them in the learner's terms, and their facts for the checks.

The validation rows are the trainer's: a fixed share of the training split (``[training]
validation_split``), the same rows for every model of an exercise. The test split is never used to
validate, to stop early or to pick a search's trial: it is scored once, after training.
"""

from __future__ import annotations

import numpy as np

VALIDATION_DRAW = 42  # which training rows validate: fixed, so every model of an exercise gets the same


def validation(x, y, share: float):
    """``(x_fit, y_fit, x_val, y_val)``: ``share`` of the training rows held out for validation (None,
    None when the exercise has no validation split)."""
    if not share:
        return x, y, None, None
    order = np.random.default_rng(VALIDATION_DRAW).permutation(len(x))
    held = max(1, int(round(len(x) * share)))
    return x[order[held:]], y[order[held:]], x[order[:held]], y[order[:held]]


def build_callbacks(keras, fit: dict) -> list:
    """The learner's callbacks, built here from the arguments the allowlist accepted."""
    return [getattr(keras.callbacks, item["class_name"])(**{**item["config"], "verbose": 0})
            for item in fit.get("callbacks") or []]


def logged(compile_config: dict | None) -> list[str]:
    """The names Keras logs each epoch for these compile settings, without the ``val_`` copies."""
    names = ["loss"]
    for metric in (compile_config or {}).get("metrics") or []:
        if isinstance(metric, str):
            names.append(metric)
        elif isinstance(metric, dict) and isinstance(metric.get("config"), dict):
            names.append(str(metric["config"].get("name") or ""))
    return [name for name in names if name]


def _schedule(keras, compile_config: dict | None):
    """The optimizer's learning-rate schedule (class name, initial rate), or ("", the constant rate)."""
    optimizer = (compile_config or {}).get("optimizer")
    if not isinstance(optimizer, dict):
        return "", 0.0
    rate = (optimizer.get("config") or {}).get("learning_rate")
    if isinstance(rate, dict):
        config = rate.get("config") or {}
        return str(rate.get("class_name", "")), float(config.get("initial_learning_rate")
                                                       or (config.get("values") or [0.0])[0])
    return "", float(rate) if isinstance(rate, (int, float)) else 0.0


def problems(keras, compile_config: dict | None, fit: dict, spec: dict) -> list[str]:
    """What would make the learner's callbacks do nothing, or fail, with these settings."""
    found = []
    names = logged(compile_config)
    share = float(spec.get("validation_split") or 0.0)
    schedule, _ = _schedule(keras, compile_config)
    for item in fit.get("callbacks") or []:
        kind, monitor = item["class_name"], item["config"].get("monitor", "val_loss")
        known = names + ([f"val_{name}" for name in names] if share else [])
        if monitor.startswith("val_") and not share:
            found.append(f"your {kind} monitors {monitor!r}, but this exercise trains without validation rows: "
                         f"monitor one of {', '.join(map(repr, names))}")
        elif monitor not in known:
            found.append(f"your {kind} monitors {monitor!r}, which training never reports, so it would never act: "
                         f"monitor one of {', '.join(map(repr, known))}")
        if kind == "ReduceLROnPlateau" and schedule:
            found.append(f"ReduceLROnPlateau sets the learning rate itself, but your optimizer's learning rate is a "
                         f"{schedule} schedule: use one or the other (give the optimizer a number to use "
                         "ReduceLROnPlateau)")
    return found


def measure_fit(keras, compile_config: dict | None, fit: dict, spec: dict, trials=()) -> dict:
    """The ``FitFacts`` (``tutor.training.protocol``) of a model that is to be trained with these settings."""
    built = []
    for callback in build_callbacks(keras, fit):
        built.append({"kind": type(callback).__name__, "monitor": str(getattr(callback, "monitor", "")),
                      "patience": int(getattr(callback, "patience", 0) or 0),
                      "restore_best_weights": bool(getattr(callback, "restore_best_weights", False)),
                      "factor": float(getattr(callback, "factor", 0.0) or 0.0)})
    schedule, rate = _schedule(keras, compile_config)
    return {"callbacks": built, "schedule": schedule, "learning_rate": rate,
            "validation_split": float(spec.get("validation_split") or 0.0),
            "trials": [[words(trial["params"]), _schedule(keras, trial.get("compile"))[0]] for trial in trials]}


def words(params: dict) -> str:
    """A trial's settings as the learner wrote them: ``learning_rate=0.01, decay='cosine'``."""
    return ", ".join(f"{name}={value!r}" for name, value in params.items())
