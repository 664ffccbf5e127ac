"""A small hyperparameter search in the trusted trainer: the learner's GRID, at most a few trials that
the sandbox described one by one (``build_model(**settings)``), each checked like any model.

Each trial trains from fresh weights for the exercise's ``trial_epochs`` on the training rows less the
validation rows, and is scored on the validation rows; the best one is trained again from fresh
weights for EPOCHS and scored on the held-out split, which no trial ever saw. The trials share the
train job's time budget with the final fit.
"""

from __future__ import annotations

import time

from tutor.helpers import fitting
from tutor.helpers.fit_facts import words


def trial_job(job: dict, trial: dict) -> dict:
    """The job of one trial: the same settings, the trial's model and compile settings."""
    return {**job, "model_json": trial["model_json"], "compile": trial["compile"], "trials": None}


def structure_problems(run_job, keras, tf, job: dict, events) -> list[str]:
    """Every trial's problems, each named by its settings (``run_job`` checks one model)."""
    found = []
    for trial in job.get("trials") or []:
        result = run_job(keras, tf, {**trial_job(job, trial), "stage": "structure"}, events)
        said = result.get("problems") or ([result["error"]] if result.get("error") else [])
        found += [f"the trial {words(trial['params'])}: {problem}" for problem in said[:1]]
    return found


def run(keras, spec: dict, job: dict, data, clock: fitting.Clock, prepare, events) -> tuple[int, list[dict]]:
    """Train every trial briefly; the index of the best (on the validation rows) and each one's record.
    ``prepare(trial)`` rebuilds and compiles a trial's model from fresh weights."""
    records = []
    trials = job["trials"]
    for index, trial in enumerate(trials):
        started = time.monotonic()
        model = prepare(trial)
        fitting.fit(keras, spec, model, job["fit"], data, clock, epochs=int(spec["trial_epochs"]))
        value = fitting.validation_score(spec, model, data)
        record = {"params": words(trial["params"]), "value": fitting.finite(value),
                  "seconds": round(time.monotonic() - started, 3)}
        records.append(record)
        events.send({"event": "trial", "trial": index + 1, "trials": len(trials), **record})
        if clock.over:
            break
    scored = [(r["value"], i) for i, r in enumerate(records) if r["value"] is not None]
    if not scored:
        return 0, records
    best = min(scored) if spec["metric"] == "mse" else max(scored, key=lambda pair: (pair[0], -pair[1]))
    return best[1], records
