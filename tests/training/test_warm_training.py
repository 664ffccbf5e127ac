"""Warm TensorFlow workers: trainers that import TensorFlow before their job, Keras sandboxes, and
what happens to both when the grader goes away; and optional datasets that are not cached."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.support import REPO, Cli
from tutor.grading.grader import limits_for
from tutor.sandbox.pool import WarmPool
from tutor.training.process import TrainerPool

INSPECT_ONLY_JOB = {
    "model_json": json.dumps({"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 4]}},
        {"module": "keras.layers", "class_name": "Dense", "config": {"units": 3, "activation": "softmax"}},
    ]}}),
    "compile": {"loss": "sparse_categorical_crossentropy", "optimizer": "adam"},
    "fit": {"epochs": 5, "batch_size": 16},
    "spec": {"dataset": "iris", "metric": "accuracy", "target": 0.9, "max_epochs": 100, "max_params": 1000,
             "budget_s": 10, "input_shape": [4], "outputs": 3, "labels": "integers"},
    "seed": 1, "data_seed": 1, "threads": 1, "memory_mb": 4096, "train": False,
}


def _gone(pid: int, within: float = 10.0) -> bool:
    """Dead: no such process, or a zombie (this test process may be the grader's subreaper,
    which inherits orphans and leaves their exit status unread)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            return True
        time.sleep(0.1)
    return False


def test_a_pooled_trainer_has_tensorflow_imported_before_its_job_and_is_replaced():
    pool = TrainerPool()
    try:
        pool.prewarm()
        assert pool.wait_ready(timeout=120)
        trainer = pool.acquire()
        assert trainer.ready is not None and trainer.ready["import_seconds"] > 0
        events = []
        result = trainer.run(INSPECT_ONLY_JOB, timeout_s=120, on_event=events.append)
        assert result["problems"] == [] and result["facts"]["params"] == 15
        assert events[0]["event"] == "ready"  # relayed to the grader even though it came before the job
        # a structure job leaves the trainer waiting: it answers the next one without importing again
        assert trainer.reusable
        again = trainer.run({**INSPECT_ONLY_JOB, "stage": "structure"}, timeout_s=120)
        assert again["facts"] == result["facts"]
        pool.release(trainer)  # it only answered structure questions: the pool keeps it for the next run
        assert pool.acquire() is trainer
        trained = trainer.run({**INSPECT_ONLY_JOB, "stage": "train", "fit": {"epochs": 1, "batch_size": 16}},
                              timeout_s=120)
        assert trained["metric"] == "accuracy" and not trainer.alive and not trainer.reusable
        assert pool.wait_ready(timeout=120)  # the next one was started when this one closed
        replacement = pool.acquire()
        assert replacement is not trainer and replacement.ready is not None
        pool.release(replacement)  # unused: it waits for the next job instead of being killed
        assert replacement.alive and pool.acquire() is replacement
        replacement.close()
    finally:
        pool.close()


def test_a_waiting_trainer_dies_with_its_grader(tmp_path):
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(REPO)!r})
        from tutor.training.process import TrainerPool
        pool = TrainerPool()
        pool.prewarm()
        assert pool.wait_ready(timeout=120)
        print(pool._waiting.process.pid, flush=True)
        os._exit(0)  # no cleanup: only the parent-death signal and the closed stdin are left
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _gone(int(result.stdout.split()[-1]))


def test_a_keras_sandbox_waits_with_tensorflow_imported(real_course):
    limits = limits_for(real_course.get("iris_dense"))
    assert "keras" in limits.preload and limits.startup_s >= 60
    assert limits_for(real_course.get("neuron")).preload == ("numpy",)
    pool = WarmPool()
    try:
        pool.prewarm(limits)
        assert pool.wait_ready(limits, timeout=120)
        with pool.acquire(limits) as sandbox:
            source = "import sys\ndef loaded():\n    return sorted(m for m in ('keras', 'tensorflow') if m in sys.modules)\n"
            assert sandbox.load([{"name": "probe", "filename": "probe.py", "source": source}]).ok
            assert sandbox.call("probe", "loaded").value == ["keras", "tensorflow"]
            assert sandbox.stderr == ""  # TensorFlow's start-up chatter is not the learner's output
    finally:
        pool.close()


@pytest.mark.slow
def test_an_optional_dataset_not_cached_skips_training_but_still_checks_the_model(tmp_path):
    empty_cache = tmp_path / "keras-home"
    empty_cache.mkdir()
    env = {"KERAS_HOME": str(empty_cache)}
    for name, source in (("reference", REPO / "solutions/mnist_dense.py"),
                         ("mistake", REPO / "exercises/mnist_dense/mutants/categorical_loss.py")):
        cli = Cli(tmp_path / "class" / name, None)
        assert cli("list").returncode == 0
        cli.learner_file("real_data/mnist_dense.py").write_text(source.read_text())
    result = Cli(tmp_path / "grader", None)(
        "grade", str(tmp_path / "class"), "--exercise", "mnist_dense", "--format", "json", env=env, timeout=600)
    records = {r["submission"]: r["exercises"][0] for r in json.loads(result.stdout)}
    reference, mistake = records["reference"], records["mistake"]
    assert reference["status"] == "skipped", reference
    model_check, training_check = reference["checks"][0], reference["checks"][-1]
    assert model_check["status"] == "passed"
    assert training_check["status"] == "skipped"
    assert "keras.datasets.mnist.load_data()" in training_check["message"]
    assert str(empty_cache) in training_check["message"]
    assert mistake["status"] == "failed" and mistake["checks"][0]["status"] == "failed"
    assert result.returncode == 1  # the mistake fails; the skipped reference alone would not
