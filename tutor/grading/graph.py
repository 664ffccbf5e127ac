"""The graph worker of a function exercise: a sandbox with TensorFlow and no learner or reference code,
started on first use, that runs the graphs the learner's sandbox traced (DESIGN §2)."""

from __future__ import annotations

import threading
from typing import Callable

from tutor.course import Exercise
from tutor.sandbox.limits import Limits
from tutor.sandbox.runner import Sandbox


def worker_limits(exercise: Exercise, limits: Limits) -> Limits:
    """The graph worker runs under the learner sandbox's own limits and layers."""
    return limits


class GraphWorkerSlot:
    """Holds at most one graph worker for a grading run; ``get()`` starts it, ``close()`` ends it."""

    def __init__(self, start: Callable[[], Sandbox]):
        self._start = start
        self._worker: Sandbox | None = None
        self._lock = threading.Lock()

    def get(self) -> Sandbox:
        with self._lock:
            if self._worker is None:
                self._worker = self._start()
            return self._worker

    def close(self) -> None:
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.close()
