"""One grading run's training state: the model the sandbox described and what the trainer made of it.

Every check of an architecture exercise shares it, and one trainer serves them all: a structure job
first (the model's problems and the facts measured on the rebuilt model, no training), so the model
and structure checks answer at once; then, on the same trainer, the training job.
What the sandbox returns is the learner's: its JSON is parsed within size and depth bounds, and
EPOCHS / BATCH_SIZE become plain ints here (any integer-like value, range-checked), so a job is
always plain JSON and a mistake in them is the learner's ``failed``, with a message.
"""

from __future__ import annotations

import dataclasses
import math
import operator
import os
import re
import threading
import zlib
from pathlib import Path

from tutor import bounded_json, dataset_cache, events
from tutor.course import Exercise
from tutor.training.process import Trainer, TrainerFailed
from tutor.training.protocol import STRUCTURE, TRAIN, Job, ModelFacts

HARNESS_MODULE = "_dltutor_keras"
HARNESS_SOURCE = Path(__file__).with_name("describe.py")
# (bytes, depth) of each JSON text the sandbox returns; honest models need a fraction of either
MODEL_JSON_BOUNDS = (1024 * 1024, 64)
COMPILE_JSON_BOUNDS = (64 * 1024, 32)
CALLBACKS_JSON_BOUNDS = (16 * 1024, 8)
TRIALS_JSON_BOUNDS = (4 * 1024 * 1024, 40)  # a search's trials: each a model config (as text) and its settings
SAMPLE_LIMIT = 500  # characters of a language model's generated text in the report
MAX_BATCH_SIZE = 4096
IMPORT_ALLOWANCE_S = 90.0  # importing TensorFlow in the trainer, on a slow machine
STRUCTURE_S = 60.0  # rebuilding, checking and measuring a model, on a slow machine

_running = 0
_running_lock = threading.Lock()


def _parse(raw: dict, key: str, what: str, bounds: tuple[int, int], default: str | None = None):
    text = raw.get(key, default)
    if not isinstance(text, str):
        raise ValueError(f"the sandbox returned no {what}")
    try:
        return bounded_json.loads(text, max_bytes=bounds[0], max_depth=bounds[1])
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def whole_number(value, name: str, low: int, high: int, over: str = "") -> tuple[int | None, str | None]:
    """``value`` (an int, ``np.int64(60)``, anything with ``__index__``) as an int in [low, high], or the
    learner's message: bools and floats are refused, not rounded."""
    if type(value).__name__ in ("bool", "bool_"):
        return None, f"{name} must be a whole number, not {value!r}"
    try:
        number = operator.index(value)
    except TypeError:
        hint = f" (like {int(value)})" if isinstance(value, float) and value.is_integer() else ""
        return None, f"{name} must be a whole number{hint}, not {_shown(value)}"
    if number < low:
        return None, f"{name} must be at least {low}, not {number}"
    if number > high:
        return None, over.format(number) if over else f"{name} must be at most {high:,}, not {number:,}"
    return number, None


def _trials(raw: dict, spec) -> tuple[list | None, str | None]:
    """A search's trials as the sandbox described them (``GRID``), or the learner's problem with them."""
    if raw.get("trials_json") is None:
        return None, None
    trials = _parse(raw, "trials_json", "the trials of your GRID", TRIALS_JSON_BOUNDS)
    if "search" not in spec.allow:
        return None, "this exercise runs no search: remove GRID from your file"
    if not isinstance(trials, list) or not 1 <= len(trials) <= spec.max_trials:
        return None, f"GRID must declare 1 to {spec.max_trials} trials"
    for trial in trials:
        if not (isinstance(trial, dict) and isinstance(trial.get("params"), dict)
                and isinstance(trial.get("model_json"), str) and isinstance(trial.get("compile"), (dict, type(None)))):
            raise ValueError("the sandbox returned trials that are not model descriptions")
        if len(trial["params"]) > 4 or not all(isinstance(k, str) and len(k) <= 40 and isinstance(
                v, (bool, int, float, str, type(None))) and len(str(v)) <= 40 for k, v in trial["params"].items()):
            return None, "GRID's settings must be a few short names with plain values"
    return trials, None


def course_version(exercise: Exercise) -> str:
    """The version in the course manifest above the exercise (the pre-trained bases are cached by it)."""
    try:
        text = (exercise.folder.parent / "course.toml").read_text(encoding="utf-8")
    except OSError:
        return ""
    found = re.search(r'^version\s*=\s*"([^"\n]{1,40})"', text, re.MULTILINE)
    return found.group(1) if found else ""


def harness_source() -> dict:
    """The module the sandbox loads beside the learner's file to describe their model."""
    return {"name": HARNESS_MODULE, "filename": "<dltutor harness>",
            "source": HARNESS_SOURCE.read_text(encoding="utf-8")}


class TrainingRun:
    def __init__(self, exercise: Exercise, seed: int, on_event=None, cancel=None, trainers=None):
        if exercise.training is None:
            raise TypeError(f"{exercise.id} has no [training] table: it is not a training exercise")
        self.exercise, self.spec, self.seed = exercise, exercise.training, seed
        self.on_event, self.cancel = on_event or (lambda e: None), cancel
        self.trainers = trainers  # a TrainerPool; without one, each run starts its own trainer
        self._trainer: Trainer | None = None
        self.structure: dict | None = None  # the structure job's result: problems, facts
        self.outcome: dict | None = None  # the training job's result (or the structure's, if it failed)
        self.description: dict | None = None
        self.structure_failures: list[str] = []  # what the structure checks found missing
        self.losses: list[float] = []  # the graded model's training loss, epoch by epoch
        self.last_metrics: dict = {}  # its training metrics at the last epoch

    @property
    def data_seed(self) -> int:
        """The seed of generated datasets: derived here, never sent to the sandbox."""
        return zlib.crc32(f"{self.seed}:{self.exercise.id}:dataset".encode())

    def describe(self, call, builder: str = "build_model", *, contrast: bool = False) -> dict:
        """The learner's model as plain data, via ``call`` (the trial's sandbox call); ``contrast``: the
        model trained beside the graded one (it may be ``build_model`` itself, trained otherwise)."""
        raw = call(HARNESS_MODULE, "describe", self.exercise.module_name, builder)
        if isinstance(raw, dict) and isinstance(raw.get("problem"), str):
            return {"problem": raw["problem"][:500]}
        if not isinstance(raw, dict):
            raise ValueError("the sandbox returned no model description")
        model = _parse(raw, "model_json", "its config", MODEL_JSON_BOUNDS)
        compile_config = _parse(raw, "compile_json", "its compile settings", COMPILE_JSON_BOUNDS)
        callbacks = _parse(raw, "callbacks_json", "its CALLBACKS", CALLBACKS_JSON_BOUNDS, default="null")
        if not isinstance(model, dict) or not isinstance(compile_config, (dict, type(None))):
            raise ValueError("the sandbox returned no model description")
        epochs, epochs_problem = whole_number(raw.get("epochs"), "EPOCHS", 1, self.spec.max_epochs,
                                              f"EPOCHS = {{}} but the budget is {self.spec.max_epochs} epochs")
        batch, batch_problem = whole_number(raw.get("batch_size"), "BATCH_SIZE", 1, MAX_BATCH_SIZE)
        graded = builder == "build_model" and not contrast
        trials, trials_problem = _trials(raw, self.spec) if graded else (None, None)
        if contrast and not self.spec.contrast_callbacks:
            callbacks = None  # the contrast trains without the learner's callbacks (an over-long run)
        description = {"model_json": raw["model_json"], "model": model, "compile": compile_config,
                       "fit": {"epochs": epochs, "batch_size": batch, "callbacks": callbacks}, "trials": trials,
                       "problems": [p for p in (epochs_problem, batch_problem, trials_problem) if p]}
        if graded:
            self.description = description
        return description

    def layers(self) -> list[dict]:
        """Every layer in the described model config, nested models flattened, in order."""
        if not self.description:
            return []
        found: list[dict] = []

        def walk(node) -> None:
            if isinstance(node, dict):
                config = node.get("config")
                if isinstance(config, dict) and isinstance(config.get("layers"), list):
                    for layer in config["layers"]:
                        walk(layer)
                elif isinstance(node.get("class_name"), str):
                    found.append({"class_name": node["class_name"],
                                  "config": config if isinstance(config, dict) else {}})

        model = self.description.get("model")
        if model is None:  # a description made elsewhere: parsed within the same bounds
            model = _parse(self.description, "model_json", "its config", MODEL_JSON_BOUNDS)
        walk(model)
        return found

    def inspect(self, description: dict) -> dict:
        """The model's problems and its structure facts, from a structure job (no training)."""
        if self.structure is None:
            if description.get("problems"):  # EPOCHS / BATCH_SIZE: no trainer needed to say so
                self.structure = {"problems": list(description["problems"])}
            else:
                self.structure = self._run_job(description, self._relay, STRUCTURE)
        return self.structure

    def facts(self) -> ModelFacts | None:
        """The structure facts the trainer measured, once a structure job found the model sound."""
        facts = (self.structure or {}).get("facts")
        return ModelFacts.from_dict(facts) if facts is not None else None

    def train(self, description: dict) -> dict:
        """Inspect, then (if sound) train on the same trainer; the result, kept for the other checks."""
        if self.outcome is None:
            structure = self.inspect(description)
            if structure.get("problems") or structure.get("error") or structure.get("failure"):
                self.outcome = structure
            elif unavailable := dataset_cache.missing(self.spec.dataset):
                # An optional real dataset that is not cached: the model is checked, just not trained.
                self.outcome = {**structure, "skipped": unavailable}
            else:
                self.outcome = self._run_job(description, self._relay, TRAIN)
        return self.outcome

    def train_contrast(self, call) -> dict:
        """Describe and train the contrast model (``spec.contrast`` names its builder) once; never graded.
        Its result, or ``{"problem": ...}``, is kept in the outcome under ``contrast``."""
        if self.outcome is None or "value" not in self.outcome or "contrast" in self.outcome:
            return (self.outcome or {}).get("contrast", {})
        try:
            description = self.describe(call, self.spec.contrast, contrast=True)
        except ValueError as exc:
            description = {"problem": f"your {self.spec.contrast}() model could not be described: {exc}"}
        if "problem" in description or description.get("problems"):
            problem = description.get("problem") or f"{self.spec.contrast}(): {description['problems'][0]}"
            contrast = {"problem": problem}
        else:
            result = self._run_job(description, self._relay_contrast)
            problems = result.get("problems") or [result[k] for k in ("error", "reason") if result.get(k)][:1]
            contrast = ({"problem": f"{self.spec.contrast}(): {problems[0]}"} if problems else
                        {k: result.get(k) for k in ("metric", "value", "train_seconds", "params")})
        self.outcome = {**self.outcome, "contrast": {"builder": self.spec.contrast, **contrast}}
        return self.outcome["contrast"]

    def _run_job(self, description: dict, relay, stage: str = TRAIN) -> dict:
        global _running
        with _running_lock:
            _running += 1
            threads = max(1, -(-(os.cpu_count() or 1) // _running))
        job = Job(model_json=description["model_json"], compile=description["compile"], fit=description["fit"],
                  spec=self.spec.to_dict(), seed=self.seed, data_seed=self.data_seed, threads=threads,
                  memory_mb=self.exercise.memory_mb, stage=stage, trials=description.get("trials"),
                  course_version=course_version(self.exercise))
        timeout = (self.spec.budget_s * 3 if stage == TRAIN else STRUCTURE_S) + IMPORT_ALLOWANCE_S
        trainer, self._trainer = self._trainer, None
        if trainer is None or not trainer.reusable:
            if trainer is not None:
                trainer.close()
            trainer = self.trainers.acquire() if self.trainers else Trainer().start()
        try:
            outcome = trainer.run(dataclasses.asdict(job), timeout_s=timeout, on_event=relay, cancel=self.cancel)
            if trainer.reusable:  # it answered a structure question: it trains this model next
                self._trainer = trainer
        except TrainerFailed as failed:
            if failed.status == "error":  # it died building or training the learner's model
                outcome = {"problems": [], "error": failed.reason, "stage": failed.phase}
            else:
                outcome = {"problems": [], "failure": failed.status, "reason": failed.reason}
        finally:
            with _running_lock:
                _running -= 1
        return outcome

    def prepare(self) -> None:
        """Take this run's trainer now, so TensorFlow imports there while the sandbox loads the file."""
        if self._trainer is None and self.outcome is None and self.structure is None:
            self._trainer = self.trainers.acquire() if self.trainers else Trainer().start()

    def close(self) -> None:
        """Give back a trainer that never trained (a pool keeps it warm for the next run)."""
        trainer, self._trainer = self._trainer, None
        if trainer is None:
            return
        if self.trainers is not None:
            self.trainers.release(trainer)
        else:
            trainer.close()

    def still_improving(self) -> bool:
        """Whether the loss was still falling when training stopped: the last fifth of the epochs
        brought it at least 2% under the best before them."""
        losses = [loss for loss in self.losses if isinstance(loss, (int, float)) and math.isfinite(loss)]
        tail = max(1, len(losses) // 5)
        return len(losses) >= 2 and min(losses[-tail:]) < 0.98 * min(losses[:-tail])

    def training_score(self) -> float | None:
        """The graded metric on the training rows at the last epoch, where the epochs report it."""
        if self.spec.metric == "mse":
            return self.losses[-1] if self.losses and self.description and \
                (self.description.get("compile") or {}).get("loss") in ("mse", "mean_squared_error") else None
        for name in ("accuracy", "acc", "sparse_categorical_accuracy", "binary_accuracy", "categorical_accuracy"):
            if isinstance(self.last_metrics.get(name), (int, float)):
                return float(self.last_metrics[name])
        return None

    def _relay(self, event: dict) -> None:
        """The trainer's messages (JSON lines from a trusted helper) as typed grading events."""
        if event.get("event") == "epoch":
            if isinstance(event.get("loss"), (int, float)):
                self.losses.append(float(event["loss"]))
            if isinstance(event.get("metrics"), dict):
                self.last_metrics = event["metrics"]
            self.on_event(events.epoch_from_trainer(event, target=self.spec.target, metric=self.spec.metric))
        elif event.get("event") == "ready":
            self.on_event(events.trainer_ready(event))

    def _relay_contrast(self, event: dict) -> None:
        if event.get("event") == "epoch":  # its own event: the graded model's curve stays as it was
            self.on_event(events.epoch_from_trainer(event, target=None, metric=self.spec.metric,
                                                    contrast=self.spec.contrast or "contrast"))

    def summary(self) -> dict:
        """What the report records about training (empty until trained)."""
        if not self.outcome or "value" not in self.outcome:
            return {}
        extra = {key: self.outcome[key] for key in ("contrast", "trials", "chosen") if key in self.outcome}
        if isinstance(self.outcome.get("sample"), str):  # the trainer's own text, kept printable and short
            extra["sample"] = "".join(c for c in self.outcome["sample"][:SAMPLE_LIMIT] if c.isprintable() or c == "\n")
        return {"metric": self.outcome["metric"], "value": self.outcome["value"], "target": self.spec.target,
                "dataset": self.spec.dataset, "train_seconds": self.outcome.get("train_seconds"),
                "params": self.outcome.get("params"), **extra}
