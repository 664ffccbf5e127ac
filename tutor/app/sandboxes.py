"""Warm sandboxes and trainers for the app, so a verdict does not wait for Python or TensorFlow to start."""

from __future__ import annotations

import threading


class SandboxSupply:
    """Hands out sandboxes and trainers from a ``tutor.grading.warm.WarmSupply`` created on first use.

    Cheap to build (the supply and the grader are imported when first needed, in a worker);
    ``close()`` when the app quits kills what waits, and any later use falls back to a cold
    sandbox, which the aborted run kills at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._warm = None
        self._closed = False

    def _get(self):
        from tutor.grading.warm import WarmSupply  # noqa: PLC0415  (the grader and sandboxes load in a worker, after the first paint)

        with self._lock:
            if self._warm is None and not self._closed:
                self._warm = WarmSupply()
            return self._warm

    def prewarm(self, exercise) -> None:
        """Start what grading ``exercise`` needs in the background (blocking imports: call in a worker)."""
        if warm := self._get():
            warm.prewarm(exercise)

    def warm_up_keras(self, exercise, timeout: float = 300.0) -> bool:
        """Start the Keras sandbox and the trainer ``exercise`` needs and wait until both have
        TensorFlow imported (blocking: call in a worker); False if that did not happen."""
        from tutor.grading.grader import limits_for  # noqa: PLC0415  (the grader and sandboxes load in a worker, after the first paint)

        warm = self._get()
        if warm is None:
            return False
        warm.prewarm(exercise)
        ready = warm.sandboxes.wait_ready(limits_for(exercise), timeout)
        if exercise.training is not None:
            ready = warm.trainers.wait_ready(timeout) and ready
        return ready

    def acquire(self, limits):
        """A started sandbox: a warm one when it waits, else a new one."""
        from tutor.sandbox.isolation import resolve  # noqa: PLC0415  (the grader and sandboxes load in a worker, after the first paint)
        from tutor.sandbox.runner import Sandbox  # noqa: PLC0415  (the grader and sandboxes load in a worker, after the first paint)

        warm = self._get()
        return warm.sandboxes.acquire(limits) if warm else Sandbox(limits, isolation=resolve()).start()

    def trainers(self, exercise):
        """The trainer pool for a Keras exercise (None for the others, or once closed)."""
        if exercise.training is None:
            return None
        warm = self._get()
        return warm.trainers if warm else None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            warm, self._warm = self._warm, None
        if warm is not None:
            warm.close()
