"""Trusted trainer: rebuilds a learner's model from its config (never their code), checks it, measures
its structure, trains it with fresh weights on the training split, and scores it on the held-out split.

Run as ``python -m tutor.helpers.trainer``; its protocol is ``tutor.training.protocol``. Jobs come one
JSON line each on stdin (size and depth bounded before they are parsed); JSON lines go out on stdout:
``ready`` once TensorFlow is imported, ``phase`` as the learner's model is built (``build``) and
trained (``train``), one ``epoch`` per epoch as it ends (``val_*`` metrics included where the exercise
holds validation rows out), one ``trial`` per trial of a search, then one ``result`` per job
(``problems`` and the model's ``facts``; or ``error`` and its ``stage``; or the trained model's score,
with a search's ``trials`` and a language model's text ``sample``). A ``structure`` job stops after
the facts and the trainer waits for the next job; a ``train`` job is its last. Pre-trained bases are
trained (once, then cached) by ``pretrained``; the fit itself is ``fitting``'s.
TensorFlow's own chatter goes to stderr. Nothing of the learner's config is rebuilt before
``config_allowlist`` accepts it.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import sys
import time

from tutor import bounded_json
from tutor.helpers import datasets, fit_facts, fitting, pretrained, search
from tutor.helpers.compile_allowlist import check_callbacks, check_compile_config
from tutor.helpers.config_allowlist import check_model_config, without_compile_configs
from tutor.helpers.fit_facts import measure_fit
from tutor.helpers.inspect_model import inspect, memory_problem
from tutor.helpers.model_facts import measure
from tutor.training.protocol import STRUCTURE, TRAIN

JOB_LIMIT = 4 * 1024 * 1024  # the grader's job: the model config (as text) and its compile settings
JOB_DEPTH = 48
MODEL_JSON_LIMIT = 1024 * 1024  # the learner's model config, parsed here again within these bounds
MODEL_DEPTH = 64


class Events:
    """JSON lines on the stdout the grader reads, kept apart from anything TensorFlow prints."""

    def __init__(self) -> None:
        self._out = os.fdopen(os.dup(1), "w", buffering=1)
        os.dup2(2, 1)  # whatever else writes to fd 1 now lands on stderr

    def send(self, event: dict) -> None:
        self._out.write(json.dumps(event, allow_nan=False) + "\n")
        self._out.flush()


def _import_tensorflow():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras  # noqa: PLC0415  (imported once the trainer runs: its ready event says when)
    import tensorflow as tf  # noqa: PLC0415  (the same)

    return keras, tf


def _threads(job: dict, tf) -> None:
    """TensorFlow is imported, but has not run an op yet: the last moment its threads can be set."""
    threads = int(job.get("threads") or 1)
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)


def _seed(job: dict, keras, tf) -> None:
    keras.utils.set_random_seed(int(job["seed"]))
    tf.config.experimental.enable_op_determinism()


class LearnerFault(Exception):
    """Building, compiling or training the learner's model failed: their ``error``, at ``stage``
    ("build": the model check reports it; "train": the training check does)."""

    def __init__(self, message: str, stage: str):
        super().__init__(message)
        self.message, self.stage = message, stage

    def result(self) -> dict:
        return {"problems": [], "error": self.message, "stage": self.stage}


def _out_of_memory(exc: BaseException) -> bool:
    text = str(exc)
    return isinstance(exc, MemoryError) or type(exc).__name__ == "ResourceExhaustedError" or "OOM" in text \
        or "out of memory" in text.lower() or "bad_alloc" in text


def _fault(exc: BaseException, doing: str, failed: str, stage: str, memory_mb: int) -> LearnerFault:
    """A plain message for an exception raised while ``doing`` something with the learner's model
    ("being rebuilt"); ``failed`` says what went wrong otherwise ("could not be rebuilt from its config")."""
    if _out_of_memory(exc):
        return LearnerFault(f"your model ran out of memory while {doing} (this exercise has {memory_mb:,} MB): "
                            "make it smaller or use a smaller BATCH_SIZE", stage)
    detail = " ".join(str(exc).split(" [Op:")[0].split())[:300]
    return LearnerFault(f"your model {failed}: {type(exc).__name__}: {detail}", stage)


def review(keras, job: dict) -> tuple[dict | None, list[str]]:
    """The learner's model config, parsed within bounds, and every problem the allowlists find in it,
    its compile settings and its callbacks; nothing of it has been rebuilt yet."""

    allow = frozenset(job["spec"].get("allow") or ())
    try:
        config = bounded_json.loads(job["model_json"], max_bytes=MODEL_JSON_LIMIT, max_depth=MODEL_DEPTH)
    except ValueError as exc:
        return None, [f"your model's config was refused: {exc}"]
    try:
        problems = check_model_config(config, keras=keras, allow=allow)
        problems += check_compile_config(job.get("compile"), keras=keras, allow=allow)
        problems += check_callbacks(job["fit"].get("callbacks"), keras=keras, allow=allow)
        if not problems:
            problems = fit_facts.problems(keras, job.get("compile"), job["fit"], job["spec"])
            problems += pretrained.problems(keras, config, job["spec"])
    except Exception as exc:  # noqa: BLE001  (what the allowlist cannot read, it refuses)
        return None, [f"your model's config could not be checked ({type(exc).__name__}): rebuild it from "
                      "built-in Keras layers"]
    return config, problems


def rebuild(keras, config: dict, input_shape, memory_mb: int = 4096):
    """A fresh model from an accepted config (its compile settings dropped). A Sequential that names
    no input shape (``Embedding(..., input_length=...)`` listings: Keras 3 ignores ``input_length``)
    is built for the data's, as Keras' own ``fit`` would; when even that fails, the learner is told
    to name the input."""
    try:
        model = keras.saving.deserialize_keras_object(without_compile_configs(config), safe_mode=True)
    except Exception as exc:  # noqa: BLE001  (an allowed config Keras cannot build: the learner's to fix)
        raise _fault(exc, "being rebuilt", "could not be rebuilt from its config", "build", memory_mb) from None
    if isinstance(model, keras.Sequential) and not model.built:
        try:
            model.build((None, *input_shape))
        except Exception as exc:  # noqa: BLE001
            shape = tuple(input_shape)
            fault = _fault(exc, "being built", "could not be built", "build", memory_mb)
            raise LearnerFault(
                f"your model names no input shape, and it could not be built for the data's {shape}: add "
                f"keras.Input(shape={shape}) as its first layer (Keras 3 ignores Embedding's input_length, so "
                f"a model without keras.Input is never built). {fault.message[0].upper()}{fault.message[1:]}",
                "build") from None
    if not isinstance(model, keras.Model):
        raise LearnerFault("build_model() must return a keras Model (keras.Sequential or keras.Model)", "build")
    return model


def stage_of(job: dict) -> str:
    """A job's stage; ``"train": false`` (an optional dataset not cached) asks for the structure only."""
    stage = job.get("stage") or (STRUCTURE if job.get("train") is False else TRAIN)
    return stage if stage in (STRUCTURE, TRAIN) else TRAIN


def run_job(keras, tf, job: dict, events: Events) -> dict:
    """Check, rebuild, inspect and measure the learner's model (and every trial of a search), then (a
    ``train`` job whose model is sound) train it; the ``result`` event's fields."""

    spec, fit, memory_mb = job["spec"], job["fit"], int(job.get("memory_mb") or 4096)
    _seed(job, keras, tf)
    config, problems = review(keras, job)
    if not problems and config is not None and job.get("trials"):
        problems = search.structure_problems(run_job, keras, tf, job, events)
    if problems or config is None:
        return {"problems": problems}
    base, saved = spec.get("pretrained") or "", None
    if base and stage_of(job) == TRAIN and pretrained.named(config):
        events.send({"event": "phase", "phase": "data"})  # pre-training the base is the grader's own work
        saved = pretrained.weights(keras, tf, base, str(job.get("course_version") or ""))
        events.send({"event": "phase", "phase": "build"})
    # A trainer reused after structure jobs keeps none of their models, and names its layers alike
    # each time; seeded again, so the allowlist's default instances leave no trace in the learner's model.
    keras.backend.clear_session()
    _seed(job, keras, tf)
    try:
        model = rebuild(keras, config, spec["input_shape"], memory_mb)
        try:
            problems = inspect(model, job.get("compile"), fit, spec)
            provided = pretrained.find(keras, model, base) if base else None
            facts = None if problems else {
                **measure(keras, model, pretrained.layers_of(keras, provided) if provided else ()).to_dict(),
                "fit": measure_fit(keras, job.get("compile"), fit, spec, job.get("trials") or ())}
        except Exception as exc:  # noqa: BLE001  (a model Keras built but that cannot be read as one)
            raise _fault(exc, "being checked", "could not be checked", "build", memory_mb) from None
        if problems:
            return {"problems": problems}
        batch, data = int(fit["batch_size"]), None
        if stage_of(job) == TRAIN or memory_problem(model, batch, spec["input_shape"], memory_mb):
            events.send({"event": "phase", "phase": "data"})  # the grader's own: a death here is its fault
            data = datasets.load(spec["dataset"], int(job["data_seed"]))
            events.send({"event": "phase", "phase": "build"})
            batch = max(1, min(batch, len(data[0])))  # Keras never makes a batch larger than the data
        if problem := memory_problem(model, batch, spec["input_shape"], memory_mb):
            raise LearnerFault(problem, "build")
        if stage_of(job) == STRUCTURE:
            return {"problems": [], "facts": facts}
        _compile(model, job["compile"], memory_mb)
        events.send({"event": "phase", "phase": "train"})
        try:
            return {"problems": [], "facts": facts, **_train(keras, tf, job, model, data, events, saved)}
        except LearnerFault:
            raise
        except Exception as exc:  # noqa: BLE001  (the learner's model failed to train: their error)
            raise _fault(exc, "training", "failed while training", "train", memory_mb) from None
    except LearnerFault as fault:
        return fault.result()


def _compile(model, compile_config: dict, memory_mb: int) -> None:
    settings = dict(compile_config)
    settings.update(run_eagerly=False, jit_compile=False)
    try:
        model.compile_from_config(settings)
    except Exception as exc:  # noqa: BLE001  (allowed settings Keras still refuses: the learner's)
        raise _fault(exc, "being compiled", "could not be compiled", "build", memory_mb) from None


def _train(keras, tf, job: dict, model, data, events: Events, saved) -> dict:
    """Train the model (with a search: its trials first, then the best of them again), score it."""
    spec, memory_mb = job["spec"], int(job.get("memory_mb") or 4096)
    clock = fitting.Clock(spec, float(job.get("budget_factor", 3.0)))
    base, found = spec.get("pretrained") or "", {}

    def prepare(trial: dict):
        keras.backend.clear_session()
        _seed(job, keras, tf)
        config = bounded_json.loads(trial["model_json"], max_bytes=MODEL_JSON_LIMIT, max_depth=MODEL_DEPTH)
        built = rebuild(keras, config, spec["input_shape"], memory_mb)
        _compile(built, trial["compile"], memory_mb)
        if saved is not None:
            pretrained.put_in(keras, built, base, saved)
        return built

    if job.get("trials"):
        chosen, records = search.run(keras, spec, job, data, clock, prepare, events)
        model = prepare(job["trials"][chosen])
        found = {"trials": records, "chosen": records[chosen]["params"] if records else ""}
    elif saved is not None:
        pretrained.put_in(keras, model, base, saved)
    return {**fitting.train(keras, spec, model, job["fit"], data, clock, events.send, int(job["seed"])), **found}


def _limit_memory(megabytes: int) -> None:
    """The learner chose the model's size: a huge one must fail here, not exhaust the grader's machine.
    RLIMIT_DATA, not RLIMIT_AS, which TensorFlow's address-space reservations would trip."""
    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _device_name(tf, device) -> str:
    """The GPU's own name ("NVIDIA H100 80GB HBM3") where TensorFlow knows it, else its device path."""
    try:
        return tf.config.experimental.get_device_details(device).get("device_name") or device.name
    except Exception:  # noqa: BLE001  (details are best effort; the device itself is what matters)
        return device.name


def _die_with_parent() -> None:
    """A trainer waiting for its job must not outlive the grader that started it."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL
    parent = os.environ.get("DLTUTOR_PARENT_PID")
    if parent and os.getppid() != int(parent):
        os._exit(70)


def main() -> None:
    _die_with_parent()
    events = Events()
    started = time.monotonic()
    # TensorFlow first, the job second: a trainer started early has its import done when the job comes.
    keras, tf = _import_tensorflow()
    devices = [_device_name(tf, d) for d in tf.config.list_physical_devices("GPU")]
    events.send({"event": "ready", "import_seconds": round(time.monotonic() - started, 3), "gpus": devices})
    first = True
    while raw := sys.stdin.buffer.readline(JOB_LIMIT + 1):  # nothing more: the grader is done with us
        job = bounded_json.loads(raw, max_bytes=JOB_LIMIT, max_depth=JOB_DEPTH)  # a bad job: a grader fault
        _limit_memory(int(job.get("memory_mb") or 4096))
        if first:  # TensorFlow runs no op before the first job: its threads are set once, here
            _threads(job, tf)
            first = False
        # From here on the learner's model is being handled: if this process dies now (killed for
        # memory, say), the grader reports the learner's error, not its own fault.
        events.send({"event": "phase", "phase": "build"})
        result = run_job(keras, tf, job, events)
        events.send({"event": "result", **result})
        if stage_of(job) == TRAIN or result.get("error"):
            return  # a trained (or failed) trainer is never reused
        events.send({"event": "phase", "phase": "start"})  # waiting again: a death now is not the learner's


if __name__ == "__main__":
    main()
