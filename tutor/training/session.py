"""One grading run's training state: the model the sandbox described and what the trainer made of it.

Both checks of an architecture exercise share it, so TensorFlow is imported once per grading run.
"""

from __future__ import annotations

import json
import os
import threading
import zlib
from pathlib import Path

from tutor import dataset_cache
from tutor.course import Exercise
from tutor.training.process import Trainer, TrainerFailed

HARNESS_MODULE = "_dltutor_keras"
HARNESS_SOURCE = Path(__file__).with_name("describe.py")
DESCRIPTION_LIMIT = 2 * 1024 * 1024
IMPORT_ALLOWANCE_S = 90.0  # importing TensorFlow in the trainer, on a slow machine

_running = 0
_running_lock = threading.Lock()


def harness_source() -> dict:
    """The module the sandbox loads beside the learner's file to describe their model."""
    return {"name": HARNESS_MODULE, "filename": "<dltutor harness>",
            "source": HARNESS_SOURCE.read_text(encoding="utf-8")}


class TrainingRun:
    def __init__(self, exercise: Exercise, seed: int, on_event=None, cancel=None, trainers=None):
        self.exercise, self.spec, self.seed = exercise, exercise.training, seed
        self.on_event, self.cancel = on_event or (lambda e: None), cancel
        self.trainers = trainers  # a TrainerPool; without one, each run starts its own trainer
        self._trainer: Trainer | None = None
        self.outcome: dict | None = None
        self.description: dict | None = None

    @property
    def data_seed(self) -> int:
        """The seed of generated datasets: derived here, never sent to the sandbox."""
        return zlib.crc32(f"{self.seed}:{self.exercise.id}:dataset".encode())

    def describe(self, call, builder: str = "build_model") -> dict:
        """The learner's model as plain data, via ``call`` (the trial's sandbox call)."""
        raw = call(HARNESS_MODULE, "describe", self.exercise.module_name, builder)
        if isinstance(raw, dict) and isinstance(raw.get("problem"), str):
            return {"problem": raw["problem"][:500]}
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("model_json", "compile_json")):
            raise ValueError("the sandbox returned no model description")
        if len(raw["model_json"]) + len(raw["compile_json"]) > DESCRIPTION_LIMIT:
            raise ValueError("the model description is larger than 2 MB")
        description = {"model_json": raw["model_json"], "compile": json.loads(raw["compile_json"]),
                       "fit": {"epochs": raw.get("epochs"), "batch_size": raw.get("batch_size")}}
        if builder == "build_model":
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

        walk(json.loads(self.description["model_json"]))
        return found

    def train(self, description: dict) -> dict:
        """Inspect, then (if sound) train; the trainer's result event, kept for the other checks."""
        if self.outcome is None:
            self.outcome = self._run_job(description, self._relay)
        return self.outcome

    def train_contrast(self, call) -> dict:
        """Describe and train the contrast model (``spec.contrast`` names its builder) once; never graded.
        Its result, or ``{"problem": ...}``, is kept in the outcome under ``contrast``."""
        if self.outcome is None or "value" not in self.outcome or "contrast" in self.outcome:
            return (self.outcome or {}).get("contrast", {})
        try:
            description = self.describe(call, self.spec.contrast)
        except ValueError as exc:
            description = {"problem": f"your {self.spec.contrast}() model could not be described: {exc}"}
        if "problem" in description:
            contrast = {"problem": description["problem"]}
        else:
            result = self._run_job(description, self._relay_contrast)
            problems = result.get("problems") or ([result["reason"]] if result.get("failure") else [])
            contrast = ({"problem": f"{self.spec.contrast}(): {problems[0]}"} if problems else
                        {k: result.get(k) for k in ("metric", "value", "train_seconds", "params")})
        self.outcome = {**self.outcome, "contrast": {"builder": self.spec.contrast, **contrast}}
        return self.outcome["contrast"]

    def _run_job(self, description: dict, relay) -> dict:
        global _running
        with _running_lock:
            _running += 1
            threads = max(1, -(-(os.cpu_count() or 1) // _running))
        job = {**description, "spec": self.spec.to_dict(), "seed": self.seed, "data_seed": self.data_seed,
               "threads": threads, "memory_mb": self.exercise.memory_mb}
        # An optional real dataset that is not cached: the model is still checked, just not trained.
        unavailable = dataset_cache.missing(self.spec.dataset)
        if unavailable:
            job["train"] = False
        timeout = self.spec.budget_s * 3 + IMPORT_ALLOWANCE_S
        trainer, self._trainer = self._trainer, None
        if trainer is None:
            trainer = self.trainers.acquire() if self.trainers else Trainer().start()
        try:
            outcome = trainer.run(job, timeout_s=timeout, on_event=relay, cancel=self.cancel)
            if unavailable and not outcome.get("problems"):
                outcome = {**outcome, "skipped": unavailable}
        except TrainerFailed as failed:
            outcome = {"problems": [], "failure": failed.status, "reason": failed.reason}
        finally:
            with _running_lock:
                _running -= 1
        return outcome

    def prepare(self) -> None:
        """Take this run's trainer now, so TensorFlow imports there while the sandbox loads the file."""
        if self._trainer is None and self.outcome is None:
            self._trainer = self.trainers.acquire() if self.trainers else Trainer().start()

    def close(self) -> None:
        """Give back a trainer that was never used (a pool keeps it warm for the next run)."""
        trainer, self._trainer = self._trainer, None
        if trainer is None:
            return
        if self.trainers is not None:
            self.trainers.release(trainer)
        else:
            trainer.close()

    def _relay(self, event: dict) -> None:
        if event.get("event") == "epoch":
            self.on_event({**event, "target": self.spec.target, "metric": self.spec.metric})
        elif event.get("event") == "ready":
            self.on_event({"event": "trainer", "gpus": event.get("gpus", []),
                           "import_seconds": event.get("import_seconds")})

    def _relay_contrast(self, event: dict) -> None:
        if event.get("event") == "epoch":  # its own event: the graded model's curve stays as it was
            self.on_event({**event, "event": "contrast_epoch", "builder": self.spec.contrast})

    def summary(self) -> dict:
        """What the report records about training (empty until trained)."""
        if not self.outcome or "value" not in self.outcome:
            return {}
        return {"metric": self.outcome["metric"], "value": self.outcome["value"], "target": self.spec.target,
                "dataset": self.spec.dataset, "train_seconds": self.outcome.get("train_seconds"),
                "params": self.outcome.get("params"),
                **({"contrast": self.outcome["contrast"]} if "contrast" in self.outcome else {})}
