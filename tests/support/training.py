"""Shared by the Keras tests: a model's verdicts from an exercise's own checks without training.

``verdicts`` does in this process what the grader and the trainer do up to training: the model's
JSON config and compile settings (as the sandbox returns them), the trainer's structure job
(allowlist, rebuild, inspection, facts), then every check of the exercise's checks.py on that
outcome; a check that would train reports ``TRAINS`` instead.
"""

from __future__ import annotations

import json

from tests.support import REPO

TRAINS = "would train"


class _NoEvents:
    def send(self, event: dict) -> None:
        pass


class _WouldTrain(Exception):
    pass


class _ModelSandbox:
    """A sandbox whose learner functions all return a model, which is not plain data."""

    def call(self, module, function, args, kwargs):
        import types

        return types.SimpleNamespace(ok=False, kind="unsendable", message="a keras Model is not plain data",
                                     details={}, traceback="", value=None)


def callbacks_of(module) -> list | None:
    """A learner's CALLBACKS as the sandbox describes them (None: the file sets none)."""
    from tutor.training.describe import _callback

    found = getattr(module, "CALLBACKS", None)
    return None if found is None else [_callback(c) for c in found]


def structure_job(keras, exercise, model, epochs: int, batch_size: int, callbacks=None) -> dict:
    """The trainer's answer to a structure job for ``model`` (built here, as the learner built it)."""
    import tensorflow as tf

    from tutor.helpers.trainer import run_job

    job = {"model_json": model.to_json(), "compile": json.loads(json.dumps(model.get_compile_config())),
           "fit": {"epochs": epochs, "batch_size": batch_size, "callbacks": callbacks},
           "spec": exercise.training.to_dict(), "seed": 1, "data_seed": 1, "threads": 1,
           "memory_mb": exercise.memory_mb, "stage": "structure"}
    return json.loads(json.dumps(run_job(keras, tf, job, _NoEvents())))  # as it crosses the wire


def verdicts(keras, exercise, model, epochs: int = 10, batch_size: int = 32, callbacks=None) -> dict[str, str]:
    """Each check's verdict on ``model``: "passed", the failure's message, or ``TRAINS``."""
    from tutor.grading import modules
    from tutor.grading.api import CheckFailed, LearnerError, Trial
    from tutor.training.session import TrainingRun

    run = TrainingRun(exercise, seed=1)
    run.description = {"model_json": model.to_json(), "model": json.loads(model.to_json()),
                       "compile": json.loads(json.dumps(model.get_compile_config())),
                       "fit": {"epochs": epochs, "batch_size": batch_size, "callbacks": callbacks}, "problems": []}
    run.structure = structure_job(keras, exercise, model, epochs, batch_size, callbacks)

    def no_training(description):
        raise _WouldTrain()

    run.train = no_training
    results = {}
    for function in modules.checks_of(exercise):
        trial = Trial(_ModelSandbox(), exercise.module_name, None, [], None, run)
        try:
            function(trial)
            results[function.__dltutor_check__.name] = "passed"
        except _WouldTrain:
            results[function.__dltutor_check__.name] = TRAINS
        except (CheckFailed, LearnerError) as failed:
            results[function.__dltutor_check__.name] = str(failed)
    return results


def failures(results: dict[str, str]) -> list[str]:
    return [message for message in results.values() if message not in ("passed", TRAINS)]


def load_module(path, name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def candidate(exercise_id: str, relative: str = ""):
    """A reference (``relative`` empty) or an exercise file (``mutants/x.py``) as a module."""
    path = REPO / "solutions" / f"{exercise_id}.py" if not relative else REPO / "exercises" / exercise_id / relative
    return load_module(path, f"candidate_{exercise_id}_{path.stem}")
