"""A trusted trainer process: started with TensorFlow importing before its jobs arrive.

The trainer says ``ready`` once TensorFlow is imported, then waits for a job on stdin; so a
trainer started early (at the start of a grading run, or by ``TrainerPool`` before the next
one) has its import done, or under way, when the model is ready. ``structure`` jobs (what the model
is, measured on the rebuilt model, no training) leave it waiting for the next job, so one trainer
answers them all and then trains; a ``train`` job is its last (``tutor.training.protocol``). Its
``phase`` events say when it handles the learner's model (``build``, ``train``): a trainer that dies
then (killed for memory, say) is the learner's ``error``; one that dies importing TensorFlow,
waiting, reading its job or loading data (``start``, ``data``) is the grader's fault.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

from tutor import bounded_json
from tutor.sandbox import runner
from tutor.training.protocol import STRUCTURE, TRAIN

LINE_LIMIT = 64 * 1024
STDERR_KEEP = 16 * 1024
LEARNER_PHASES = {"build": "building", "train": "training"}
MAX_STRUCTURE_JOBS = 50  # then a fresh trainer: Keras' name counters and caches never grow without end


def stage_of(job: dict) -> str:
    """A job's stage (``"train": false``, an optional dataset not cached, asks for the structure only)."""
    stage = job.get("stage") or (STRUCTURE if job.get("train") is False else TRAIN)
    return stage if stage in (STRUCTURE, TRAIN) else TRAIN


class TrainerFailed(RuntimeError):
    """The trusted trainer did not produce a result; ``status`` is timeout, ungradable, or error (it
    died while handling the learner's model, in ``phase``)."""

    def __init__(self, status: str, reason: str, phase: str = ""):
        super().__init__(reason)
        self.status, self.reason, self.phase = status, reason, phase


def _helper_env() -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "KERAS_HOME", "CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH",
            "TMPDIR", "XDG_CACHE_HOME", "DLTUTOR_CACHE_DIR")  # the last two: where pre-trained bases are cached
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(TF_CPP_MIN_LOG_LEVEL="2", PYTHONHASHSEED="0", KERAS_BACKEND="tensorflow",
               DLTUTOR_PARENT_PID=str(os.getpid()))
    return env


class Trainer:
    """One trainer process; ``start()``, then ``run(job)`` for any number of structure jobs and at
    most one train job (after which it is closed), then ``close()``."""

    def __init__(self, on_close=None, command: list[str] | None = None) -> None:
        # ``command``: another program speaking the trainer's protocol (tests script a trainer's death)
        self.command = command or [sys.executable, "-I", "-m", "tutor.helpers.trainer"]
        self.process: subprocess.Popen | None = None
        self.ready: dict | None = None  # the trainer's "ready" event, once seen
        self.used = False  # it ran a job
        self.jobs = 0
        self._finished = False  # it trained, failed or broke its protocol: never given another job
        self.phase = "start"  # the trainer's last ``phase`` event
        self._lines: queue.Queue = queue.Queue()
        self._stderr: list[bytes] = []
        self._stderr_reader: threading.Thread | None = None
        self._on_close = on_close

    def start(self) -> Trainer:
        self.process = runner.spawn_tracked(
            self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=_helper_env(), start_new_session=True)
        threading.Thread(target=_read_lines, args=(self.process.stdout, self._lines), daemon=True).start()
        self._stderr_reader = threading.Thread(target=_read_tail, args=(self.process.stderr, self._stderr), daemon=True)
        self._stderr_reader.start()
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def reusable(self) -> bool:
        """Alive and waiting for a job: it only ever answered structure questions, without an error."""
        return self.alive and not self._finished and self.jobs < MAX_STRUCTURE_JOBS

    def wait_ready(self, timeout: float) -> bool:
        """Block until TensorFlow is imported in the trainer (for benchmarks and tests)."""
        deadline = time.monotonic() + timeout
        while self.ready is None and time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=min(0.2, max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                continue
            if line is None:
                self._lines.put(None)
                return False
            self._take(line, lambda event: None)
        return self.ready is not None

    def _take(self, line: str, on_event) -> dict | None:
        """Handle one line of the trainer; the ``result`` event when it is one."""
        event = bounded_json.loads(line, max_bytes=LINE_LIMIT, max_depth=16)
        if not isinstance(event, dict):
            raise ValueError("a trainer line that is not an event")
        if event.get("event") == "result":
            return event
        if event.get("event") == "ready":
            self.ready = event
        elif event.get("event") == "phase" and isinstance(event.get("phase"), str):
            self.phase = event["phase"]
        on_event(event)
        return None

    def run(self, job: dict, *, timeout_s: float, on_event=None, cancel=None) -> dict:
        """Send ``job``; relay the trainer's events as they come; return its ``result`` event. After a
        structure job that went well the trainer keeps waiting; after anything else it is closed."""
        on_event = on_event or (lambda event: None)
        if self._finished or self.process is None:
            raise RuntimeError("this trainer takes no more jobs")
        stdin = self.process.stdin
        assert stdin is not None  # started with stdin=PIPE
        self.used, self.jobs = True, self.jobs + 1
        structure = stage_of(job) == STRUCTURE
        if self.ready is not None:  # imported before the job came: the grader still hears of it
            on_event(self.ready)
        deadline = time.monotonic() + timeout_s
        keep = False
        try:
            stdin.write(json.dumps(job).encode() + b"\n")
            stdin.flush()
            if not structure:
                stdin.close()  # its last job: it reads nothing more
            while True:
                if cancel and cancel():
                    raise TrainerFailed("ungradable", "cancelled")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TrainerFailed("timeout", f"training did not finish within {timeout_s:.0f} s")
                try:
                    line = self._lines.get(timeout=min(remaining, 0.2))
                except queue.Empty:
                    continue
                if line is None:
                    raise self._died(job)
                if (result := self._take(line, on_event)) is not None:
                    keep = structure and not result.get("error")
                    return result
        except (BrokenPipeError, ValueError) as exc:
            raise TrainerFailed("ungradable", f"the trainer broke its protocol: {exc}") from None
        finally:
            if not keep:
                self._finished = True
                self.close()

    def _died(self, job: dict) -> TrainerFailed:
        """Why the trainer stopped without a result: the learner's error while it built or trained
        their model, else the grader's fault."""
        process = self.process
        assert process is not None  # only a started trainer dies
        process.wait(timeout=5)
        if self._stderr_reader is not None:  # its last words may still be in the pipe when it exits
            self._stderr_reader.join(timeout=2)
        tail = b"".join(self._stderr).decode(errors="replace").strip().splitlines()
        reason = tail[-1][-300:] if tail else f"exit code {process.returncode}"
        memory = process.returncode in (-signal.SIGKILL, -signal.SIGABRT, -signal.SIGSEGV) or any(
            word in reason for word in ("MemoryError", "bad_alloc", "OOM", "ResourceExhausted"))
        if self.phase in LEARNER_PHASES:
            doing = LEARNER_PHASES[self.phase]
            if memory:
                return TrainerFailed("error", f"your model ran out of memory while {doing} (this exercise has "
                                     f"{int(job.get('memory_mb') or 0):,} MB): make it smaller or use a smaller "
                                     "BATCH_SIZE", self.phase)
            return TrainerFailed("error", f"the trainer stopped while {doing} your model ({reason})", self.phase)
        if memory:
            reason = f"the trainer ran out of memory or crashed ({reason})"
        return TrainerFailed("ungradable", f"the trainer stopped without a result: {reason}")

    def close(self) -> None:
        """Kill the trainer (and anything it started) if it still runs."""
        self._finished = True
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        runner.untrack(self.process.pid)
        if self._on_close is not None:
            on_close, self._on_close = self._on_close, None
            on_close(self)


def run_trainer(job: dict, *, timeout_s: float, on_event=None, cancel=None) -> dict:
    """Run ``job`` on a fresh (cold) trainer; return its ``result`` event."""
    return Trainer().start().run(job, timeout_s=timeout_s, on_event=on_event, cancel=cancel)


class TrainerPool:
    """Keeps one trainer waiting with TensorFlow imported; hands it out, and starts the next one
    when the handed-out trainer is closed, so the next import never competes with a training run.

    Trainers are started from one long-lived thread: the parent-death signal that kills a waiting
    trainer with its grader fires when the *thread* that started it exits.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: Trainer | None = None
        self._requests: queue.Queue[bool | None] = queue.Queue()
        self._closed = False
        self._spawner = threading.Thread(target=self._spawn_loop, name="dltutor-trainers", daemon=True)
        self._spawner.start()

    def _spawn_loop(self) -> None:
        while self._requests.get():
            with self._lock:
                if self._closed or self._waiting is not None:
                    continue
            trainer = Trainer().start()
            with self._lock:
                keep = not self._closed and self._waiting is None
                if keep:
                    self._waiting = trainer
            if not keep:
                trainer.close()

    def prewarm(self) -> None:
        """Start a trainer in the background, unless one waits."""
        self._requests.put(True)

    def acquire(self) -> Trainer:
        """The waiting trainer (its import done or under way), else a new one; the next is
        started when this one closes."""
        with self._lock:
            trainer, self._waiting = self._waiting, None
        if trainer is None or not trainer.alive:
            if trainer is not None:
                trainer.close()
            trainer = Trainer().start()
        trainer._on_close = self._replace
        return trainer

    def release(self, trainer: Trainer) -> None:
        """Take back a trainer that ran no job, or only structure jobs: it waits for the next one (or
        is closed)."""
        with self._lock:
            keep = trainer.reusable and not self._closed and self._waiting is None
            if keep:
                trainer._on_close = None
                self._waiting = trainer
        if not keep:
            trainer.close()

    def _replace(self, _trainer: Trainer) -> None:
        if not self._closed:
            self.prewarm()

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Block until a waiting trainer has imported TensorFlow (for benchmarks and tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                trainer = self._waiting
            if trainer is not None:
                return trainer.wait_ready(max(0.0, deadline - time.monotonic()))
            time.sleep(0.02)
        return False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            waiting, self._waiting = self._waiting, None
        self._requests.put(None)
        if waiting is not None:
            waiting.close()
        if self._spawner is not threading.current_thread():
            self._spawner.join(timeout=2.0)


def _read_lines(stream, lines: queue.Queue) -> None:
    while True:
        line = stream.readline(LINE_LIMIT)
        if not line:
            lines.put(None)
            return
        if line.endswith(b"\n"):
            lines.put(line.decode("utf-8", errors="replace"))


def _read_tail(stream, kept: list[bytes]) -> None:
    while chunk := stream.read(4096):
        kept.append(chunk)
        while sum(map(len, kept)) > STDERR_KEEP and len(kept) > 1:
            kept.pop(0)
