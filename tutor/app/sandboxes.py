"""Warm sandboxes for the app (numpy already imported), so a verdict does not wait for Python to start."""

from __future__ import annotations

import threading


class SandboxSupply:
    """Hands out sandboxes from a ``tutor.sandbox.pool.WarmPool`` created on first use.

    Cheap to build (the pool and the grader are imported when first needed, in a worker);
    ``close()`` when the app quits kills the waiting sandboxes, and any later use falls back to a
    cold sandbox, which the aborted run kills at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool = None
        self._closed = False

    def _get(self):
        from tutor.sandbox.pool import WarmPool

        with self._lock:
            if self._pool is None and not self._closed:
                self._pool = WarmPool()
            return self._pool

    def prewarm(self, exercise) -> None:
        """Start a sandbox with ``exercise``'s limits in the background (blocking imports: call in a worker)."""
        from tutor.grading.grader import limits_for

        if pool := self._get():
            pool.prewarm(limits_for(exercise))

    def acquire(self, limits):
        """A started sandbox: a warm one when it waits, else a new one."""
        from tutor.sandbox.runner import Sandbox

        pool = self._get()
        return pool.acquire(limits) if pool else Sandbox(limits).start()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
