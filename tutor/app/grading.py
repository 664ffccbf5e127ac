"""One grading run that the UI thread can abort: it kills the run's sandbox so the worker ends at once."""

from __future__ import annotations

import itertools
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path

from tutor.course import Course, Exercise
from tutor.grading.grader import DEFAULT_SEED, grade
from tutor.grading.report import GradeReport
from tutor.sandbox.isolation import Isolation, resolve
from tutor.sandbox.limits import Limits
from tutor.sandbox.runner import Sandbox

_numbers = itertools.count(1)


class GradingRun:
    """Wraps ``grade()`` for a worker thread; ``abort()`` (any thread) stops it and its sandbox.

    ``grade()`` checks ``cancel`` only between checks, so a learner's endless loop would keep a
    stale run alive until its timeout. Aborting kills the sandbox's process group instead; the
    grader then sees the sandbox die, returns, and sweeps whatever the sandbox left behind.
    """

    def __init__(self, course: Course, exercise: Exercise, root: Path, seed: int | None,
                 isolation: Isolation | None, reason: str = "check",
                 acquire: Callable[[Limits], Sandbox] | None = None, trainers=None):
        self.course, self.exercise, self.root = course, exercise, Path(root)
        self.seed = DEFAULT_SEED if seed is None else seed
        self.isolation, self.reason = isolation, reason
        self.number = next(_numbers)  # tags this run's messages, so late ones from stale runs are ignored
        self._acquire = acquire or (lambda limits: Sandbox(limits, isolation=isolation or resolve()).start())
        self.trainers = trainers  # a TrainerPool for Keras exercises; aborting cancels the trainer
        self._lock = threading.Lock()
        self._sandboxes: list[Sandbox] = []
        self.aborted = False

    def _sandbox(self, limits: Limits) -> Sandbox:
        sandbox = self._acquire(limits)
        with self._lock:
            self._sandboxes.append(sandbox)
        if self.aborted:  # abort() may have run before this sandbox was listed
            _kill(sandbox)
        return sandbox

    @property
    def sandbox_pids(self) -> list[int]:
        with self._lock:
            return [s.process.pid for s in self._sandboxes if s.process is not None]

    def run(self, on_event, cancel) -> GradeReport:
        """Grade (blocking); raises ``Cancelled`` when aborted or ``cancel()`` says so."""
        return grade(self.course, self.exercise, self.root, seed=self.seed, isolation=self.isolation,
                     on_event=on_event, cancel=lambda: self.aborted or cancel(),
                     sandbox_factory=self._sandbox, trainers=self.trainers)

    def abort(self) -> None:
        with self._lock:
            self.aborted = True
            sandboxes = list(self._sandboxes)
        for sandbox in sandboxes:
            _kill(sandbox)


def _kill(sandbox: Sandbox) -> None:
    process = sandbox.process
    if process is None or process.poll() is not None:
        return
    try:  # the sandbox runs in its own session, so its process group id is its pid
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
