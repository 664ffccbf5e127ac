"""Trusted trainer: rebuilds a learner's model from its config (never their code), checks it, trains
it with fresh weights on the training split, and scores it on the held-out split.

Run as ``python -m tutor.helpers.trainer``: a JSON job on stdin, JSON lines on stdout (one
``epoch`` event per epoch as it ends, then one ``result``). TensorFlow's own chatter goes to stderr.
"""

from __future__ import annotations

import json
import os
import sys
import time

JOB_LIMIT = 4 * 1024 * 1024


class Events:
    """JSON lines on the stdout the grader reads, kept apart from anything TensorFlow prints."""

    def __init__(self) -> None:
        self._out = os.fdopen(os.dup(1), "w", buffering=1)
        os.dup2(2, 1)  # whatever else writes to fd 1 now lands on stderr

    def send(self, event: dict) -> None:
        self._out.write(json.dumps(event) + "\n")
        self._out.flush()


def _import_tensorflow():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras
    import tensorflow as tf

    return keras, tf


def _configure(job: dict, keras, tf) -> None:
    """Threads, seeds and determinism: TensorFlow is imported, but has not run an op yet."""
    threads = int(job.get("threads") or 1)
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)
    keras.utils.set_random_seed(int(job["seed"]))
    tf.config.experimental.enable_op_determinism()


def _rebuild(keras, job: dict):
    from tutor.helpers.inspect_model import forbidden_objects

    config = json.loads(job["model_json"])
    compile_config = job.get("compile")
    if problems := forbidden_objects(config) + forbidden_objects(compile_config or {}):
        return None, problems
    try:
        model = keras.saving.deserialize_keras_object(config, safe_mode=True)
    except Exception as exc:  # noqa: BLE001  (learner-made config: any failure is their feedback)
        detail = str(exc).split(" [Op:")[0][:300]
        if "OOM" in detail or isinstance(exc, MemoryError):
            detail = f"it does not fit in {job.get('memory_mb', 4096)} MB of memory; make it smaller ({detail})"
        return None, [f"your model could not be rebuilt from its config: {type(exc).__name__}: {detail}"]
    if not isinstance(model, keras.Model):
        return None, ["build_model() must return a keras Model (keras.Sequential or keras.Model)"]
    return model, []


def _score(spec: dict, model, x_test, y_test) -> float:
    import numpy as np

    predictions = np.asarray(model.predict(x_test, verbose=0))
    if spec["metric"] == "mse":
        return float(np.mean((predictions.reshape(y_test.shape) - y_test) ** 2))
    if predictions.shape[-1] == 1:
        threshold = 0.0 if predictions.min() < 0 or predictions.max() > 1 else 0.5
        labels = (predictions[:, 0] > threshold).astype(int)
    else:
        labels = predictions.argmax(axis=-1)
    return float(np.mean(labels == np.asarray(y_test).astype(int)))


def _train(keras, job: dict, model, events: Events) -> dict:
    from tutor.helpers import datasets

    spec, fit = job["spec"], job["fit"]
    x_train, y_train, x_test, y_test = datasets.load(spec["dataset"], int(job["data_seed"]))
    compile_config = dict(job["compile"])
    compile_config.update(run_eagerly=False, jit_compile=False)
    model.compile_from_config(compile_config)
    limit = float(spec["budget_s"]) * float(job.get("budget_factor", 3.0))
    epochs = int(fit["epochs"])
    state = {"started": time.monotonic(), "over": False}

    class Stream(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs = {k: float(v) for k, v in (logs or {}).items()}
            elapsed = time.monotonic() - state["started"]
            events.send({"event": "epoch", "epoch": epoch + 1, "epochs": epochs, "loss": logs.pop("loss", 0.0),
                         "metrics": logs, "seconds": round(elapsed, 3)})
            if elapsed > limit:
                state["over"] = True
                self.model.stop_training = True

    model.fit(x_train, y_train, epochs=epochs, batch_size=int(fit["batch_size"]), verbose=0,
              shuffle=True, callbacks=[Stream()])
    seconds = time.monotonic() - state["started"]
    result = {"metric": spec["metric"], "value": _score(spec, model, x_test, y_test),
              "train_seconds": round(seconds, 3), "params": int(model.count_params())}
    if state["over"]:
        result["problem"] = (f"training took more than {limit:.0f} s (the budget is {spec['budget_s']:g} s "
                             "on a 2-core CPU): make the model smaller or train fewer epochs")
    return result


def _limit_memory(megabytes: int) -> None:
    """The learner chose the model's size: a huge one must fail here, not exhaust the grader's machine.
    RLIMIT_DATA, not RLIMIT_AS, which TensorFlow's address-space reservations would trip."""
    import resource

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
        import ctypes

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
    raw = sys.stdin.read(JOB_LIMIT)
    if not raw:
        return  # the grader went away before sending a job
    job = json.loads(raw)
    _limit_memory(int(job.get("memory_mb") or 4096))
    _configure(job, keras, tf)
    model, problems = _rebuild(keras, job)
    if model is not None:
        from tutor.helpers.inspect_model import inspect

        problems = inspect(model, job.get("compile"), job["fit"], job["spec"])
    if problems or not job.get("train", True):
        events.send({"event": "result", "problems": problems})
        return
    result = _train(keras, job, model, events)
    events.send({"event": "result", "problems": [], **result})


if __name__ == "__main__":
    main()
