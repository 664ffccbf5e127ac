"""Warm sandboxes: launched ahead per set of limits, waiting with their preloads (numpy, or numpy and
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
    """Up to ``depth`` sandboxes launched ahead per set of limits (one for TensorFlow's: each is big),
    handed out one per submission and replaced in the background.

    The spawner only *launches* (a fork and an exec, quick): the children start side by side, so a
    class graded on two jobs has two sandboxes coming up at once, not one after the other. The first
    request to a sandbox waits for its ready frame (``Sandbox.wait_ready``).
    """

    def __init__(self, preload: tuple[str, ...] | None = None, isolation: Isolation | None = None,
                 depth: int = 1):
        self.preload = preload
        self.isolation = isolation if isolation is not None else resolve()
        self.depth = max(1, depth)
        self._ready: dict[Limits, list[Sandbox]] = {}
        self._queued: dict[Limits, int] = {}  # launches asked of the spawner and not done yet
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._requests: queue.Queue[Limits | None] = queue.Queue()
        self._closed = False
        self._spawner = threading.Thread(target=self._spawn_loop, name="dltutor-warm-pool", daemon=True)
        self._spawner.start()

    def _wanted(self, limits: Limits) -> int:
        heavy = {"keras", "tensorflow"} & set(self.preload if self.preload is not None else limits.preload)
        return 1 if heavy else self.depth

    def _spawn_loop(self) -> None:
        while (limits := self._requests.get()) is not None:
            sandbox = stale = None
            try:
                with self._lock:
                    closed = self._closed
                if not closed:
                    sandbox = Sandbox(limits, self.preload, isolation=self.isolation).launch()
            finally:
                with self._lock:
                    self._queued[limits] = max(0, self._queued.get(limits, 0) - 1)
                    if sandbox is not None:
                        if self._closed:
                            stale = sandbox
                        else:
                            self._ready.setdefault(limits, []).append(sandbox)
                    self._changed.notify_all()
            if stale is not None:
                stale.close()

    def prewarm(self, limits: Limits) -> None:
        """Launch sandboxes for ``limits`` in the background, up to the pool's depth."""
        with self._lock:
            if self._closed:
                return
            missing = self._wanted(limits) - len(self._ready.get(limits, ())) - self._queued.get(limits, 0)
            self._queued[limits] = self._queued.get(limits, 0) + max(0, missing)
        for _ in range(max(0, missing)):
            self._requests.put(limits)

    def acquire(self, limits: Limits) -> Sandbox:
        """A launched sandbox for ``limits`` (one from the pool if any); replacements are launched."""
        with self._lock:
            deadline = time.monotonic() + 1.0  # a launch asked for is a moment away
            while self._queued.get(limits) and not self._ready.get(limits) and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            waiting = self._ready.get(limits)
            sandbox = waiting.pop(0) if waiting else None
        if sandbox is not None and (sandbox.process is None or sandbox.process.poll() is not None):
            sandbox.close()
            sandbox = None
        self.prewarm(limits)
        return sandbox if sandbox is not None else Sandbox(limits, self.preload, isolation=self.isolation).launch()

    def wait_ready(self, limits: Limits, timeout: float = 30.0) -> bool:
        """Block until a sandbox for ``limits`` waits with its preloads imported (benchmarks, tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                waiting = list(self._ready.get(limits, ()))
            if waiting:
                first = waiting[0].wait_ready()
                return first.died is None
            time.sleep(0.01)
        return False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            waiting = [s for pool in self._ready.values() for s in pool]
            self._ready = {}
            self._changed.notify_all()
        self._requests.put(None)
        for sandbox in waiting:
            sandbox.close()
        # A sandbox being launched is closed by the spawner once launched; give it that moment,
        # so a grader that exits right after close() leaves no scratch directory behind.
        if self._spawner is not threading.current_thread():
            self._spawner.join(timeout=2.0)
