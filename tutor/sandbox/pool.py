"""Warm sandboxes: one started per set of limits, waiting with its preloads (numpy, or numpy and
Keras) imported; one submission each.

A warm sandbox runs inside the same layers as a cold one: its isolation (the strongest level
available unless given) is applied in its bootstrap, before it waits, and before any learner code.

The spawner is a single long-lived thread because the kernel's parent-death signal fires when
the *thread* that started a child exits, and a warm sandbox must outlive the request that
caused it to be started.
"""

from __future__ import annotations

import queue
import threading
import time

from tutor.sandbox.isolation import Isolation, resolve
from tutor.sandbox.limits import Limits
from tutor.sandbox.runner import Sandbox


class HeadStart:
    """A sandbox launched before the grader has imported what it grades with, handed to the first
    request for its limits; every other request gets a cold one. ``close()`` ends it if unused.

    A one-off ``dltutor check`` starts it first thing, so the sandbox's interpreter and numpy start
    while the grader imports numpy and the checks: two start-ups side by side, not in a queue.
    """

    def __init__(self, limits: Limits, isolation: Isolation):
        self.isolation = isolation
        self._waiting: Sandbox | None = Sandbox(limits, isolation=isolation).launch()
        self._lock = threading.Lock()

    def acquire(self, limits: Limits) -> Sandbox:
        with self._lock:
            sandbox, self._waiting = self._waiting, None
        if sandbox is not None and sandbox.limits == limits:
            return sandbox
        if sandbox is not None:
            sandbox.close()
        return Sandbox(limits, isolation=self.isolation).launch()

    def close(self) -> None:
        with self._lock:
            sandbox, self._waiting = self._waiting, None
        if sandbox is not None:
            sandbox.close()


class WarmPool:
    def __init__(self, preload: tuple[str, ...] | None = None, isolation: Isolation | None = None):
        self.preload = preload
        self.isolation = isolation if isolation is not None else resolve()
        self._ready: dict[Limits, Sandbox] = {}
        self._starting: set[Limits] = set()  # asked for and not ready yet: acquire() waits for these
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._requests: queue.Queue[Limits | None] = queue.Queue()
        self._closed = False
        self._spawner = threading.Thread(target=self._spawn_loop, name="dltutor-warm-pool", daemon=True)
        self._spawner.start()

    def _spawn_loop(self) -> None:
        while (limits := self._requests.get()) is not None:
            sandbox = stale = None
            try:
                with self._lock:
                    if self._closed or limits in self._ready:
                        continue
                sandbox = Sandbox(limits, self.preload, isolation=self.isolation).start()
            finally:
                with self._lock:
                    self._starting.discard(limits)
                    if sandbox is not None:
                        if self._closed or limits in self._ready or sandbox.died:
                            stale = sandbox
                        else:
                            self._ready[limits] = sandbox
                    self._changed.notify_all()
            if stale is not None:
                stale.close()

    def prewarm(self, limits: Limits) -> None:
        """Start a sandbox for ``limits`` in the background, if none is waiting or starting."""
        with self._lock:
            if self._closed or limits in self._ready or limits in self._starting:
                return
            self._starting.add(limits)
        self._requests.put(limits)

    def acquire(self, limits: Limits) -> Sandbox:
        """A started sandbox for ``limits`` (warm if one is waiting); a replacement is prepared.

        When the one for ``limits`` is still starting, waiting for it is quicker than a cold
        start, so this waits (at most its startup limit).
        """
        with self._lock:
            deadline = time.monotonic() + limits.startup_s + 1.0
            while limits in self._starting and limits not in self._ready and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            sandbox = self._ready.pop(limits, None)
        if sandbox is not None and (sandbox.process is None or sandbox.process.poll() is not None):
            sandbox.close()
            sandbox = None
        self.prewarm(limits)
        return sandbox if sandbox is not None else Sandbox(limits, self.preload, isolation=self.isolation).start()

    def wait_ready(self, limits: Limits, timeout: float = 30.0) -> bool:
        """Block until a warm sandbox for ``limits`` waits (for benchmarks and tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if limits in self._ready:
                    return True
            time.sleep(0.01)
        return False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            waiting, self._ready = list(self._ready.values()), {}
            self._changed.notify_all()
        self._requests.put(None)
        for sandbox in waiting:
            sandbox.close()
        # A sandbox still starting is closed by the spawner once started; give it that moment,
        # so a grader that exits right after close() leaves no scratch directory behind.
        if self._spawner is not threading.current_thread():
            self._spawner.join(timeout=2.0)
