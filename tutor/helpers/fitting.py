"""Training one rebuilt model in the trusted trainer: the fit on the training rows (less the validation
rows, when the exercise holds some out), the learner's callbacks, each epoch streamed as it ends (its
``val_*`` metrics and learning rate included), the time budget, then the score on the held-out split.

The held-out split is scored once, after training; validation, early stopping and a search's choice
see only the trainer's validation rows (``fit_facts.validation``).
"""

from __future__ import annotations

import math
import time

import numpy as np

from tutor.helpers.fit_facts import build_callbacks, validation
from tutor.helpers.practice_datasets import sample


def finite(value):
    """JSON has no NaN: a diverged loss travels as None."""
    return value if math.isfinite(value) else None


def score(spec: dict, model, x, y) -> float:
    """The exercise's metric of ``model`` on ``(x, y)``: accuracy, or the mean squared error."""
    predictions = np.asarray(model.predict(x, verbose=0))
    if spec["metric"] == "mse":
        return float(np.mean((predictions.reshape(y.shape) - y) ** 2))
    if predictions.shape[-1] == 1:
        threshold = 0.0 if predictions.min() < 0 or predictions.max() > 1 else 0.5
        labels = (predictions[:, 0] > threshold).astype(int)
    else:
        labels = predictions.argmax(axis=-1)
    return float(np.mean(labels == np.asarray(y).astype(int)))


class Clock:
    """The time a train job may take, shared by a search's trials and the final fit."""

    def __init__(self, spec: dict, factor: float):
        self.started, self.limit = time.monotonic(), float(spec["budget_s"]) * factor
        self.over = False

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


def _learning_rate(model) -> float | None:
    try:
        return float(model.optimizer.learning_rate)
    except (TypeError, ValueError, AttributeError):
        return None


def fit(keras, spec: dict, model, fit_settings: dict, data, clock: Clock, send=None, *, epochs: int | None = None,
        callbacks: bool = True):
    """Train ``model`` on the training rows of ``data`` (less the validation rows); each epoch is sent
    through ``send`` (None: not streamed, as for a search's trials). The Keras history."""
    x_train, y_train, _, _ = data
    x_fit, y_fit, x_val, y_val = validation(x_train, y_train, float(spec.get("validation_split") or 0.0))
    epochs = int(epochs or fit_settings["epochs"])
    schedules = "schedules" in (spec.get("allow") or ()) or "callbacks" in (spec.get("allow") or ())

    class Stream(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs = {k: finite(float(v)) for k, v in (logs or {}).items()}
            if schedules and (rate := _learning_rate(self.model)) is not None:
                logs["learning_rate"] = finite(rate)
            if send is not None:
                send({"event": "epoch", "epoch": epoch + 1, "epochs": epochs, "loss": logs.pop("loss", 0.0),
                      "metrics": logs, "seconds": round(clock.elapsed, 3)})
            if clock.elapsed > clock.limit:
                clock.over = True
                self.model.stop_training = True

    extra = build_callbacks(keras, fit_settings) if callbacks else []
    return model.fit(x_fit, y_fit, epochs=epochs, batch_size=int(fit_settings["batch_size"]), verbose=0,
                     shuffle=True, validation_data=(x_val, y_val) if x_val is not None else None,
                     callbacks=[Stream(), *extra])


def validation_score(spec: dict, model, data) -> float:
    """The metric on the validation rows (a search's trials are compared on it, never on the test split)."""
    x_train, y_train, _, _ = data
    _, _, x_val, y_val = validation(x_train, y_train, float(spec.get("validation_split") or 0.0))
    return score(spec, model, x_val, y_val)


def train(keras, spec: dict, model, fit_settings: dict, data, clock: Clock, send, seed: int = 0) -> dict:
    """Fit, then score on the held-out split: the result's fields (and the text sample, where asked)."""
    fit(keras, spec, model, fit_settings, data, clock, send)
    value = score(spec, model, data[2], data[3])
    result = {"metric": spec["metric"], "value": value if math.isfinite(value) else 1e30,
              "train_seconds": round(clock.elapsed, 3), "params": int(model.count_params())}
    if not math.isfinite(value):
        result["problem"] = "training diverged (the predictions are not finite numbers): lower the learning rate"
    elif clock.over:
        result["problem"] = (f"training took more than {clock.limit:.0f} s (the budget is {spec['budget_s']:g} s "
                             "on a 2-core CPU): make the model smaller or train fewer epochs")
    elif spec.get("sample"):
        result["sample"] = sample(model, int(spec["sample"]), seed)
    return result
