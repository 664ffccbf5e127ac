"""Warm sandboxes: one started per set of limits, waiting with numpy imported; one submission each.

The spawner is a single long-lived thread because the kernel's parent-death signal fires when
the *thread* that started a child exits, and a warm sandbox must outlive the request that
caused it to be started.
"""

from __future__ import annotations

import queue
import threading

from tutor.sandbox.limits import Limits
from tutor.sandbox.runner import Sandbox


class WarmPool:
    def __init__(self, preload: tuple[str, ...] = ("numpy",)):
        self.preload = preload
        self._ready: dict[Limits, Sandbox] = {}
        self._lock = threading.Lock()
        self._requests: queue.Queue[Limits | None] = queue.Queue()
        self._closed = False
        self._spawner = threading.Thread(target=self._spawn_loop, name="dltutor-warm-pool", daemon=True)
        self._spawner.start()

    def _spawn_loop(self) -> None:
        while (limits := self._requests.get()) is not None:
            with self._lock:
                if self._closed or limits in self._ready:
                    continue
            sandbox = Sandbox(limits, self.preload).start()
            with self._lock:
                if self._closed or limits in self._ready or sandbox.died:
                    stale = sandbox
                else:
                    self._ready[limits], stale = sandbox, None
            if stale is not None:
                stale.close()

    def prewarm(self, limits: Limits) -> None:
        """Start a sandbox for ``limits`` in the background, if none is waiting."""
        if not self._closed:
            self._requests.put(limits)

    def acquire(self, limits: Limits) -> Sandbox:
        """A started sandbox for ``limits`` (warm if one is waiting); a replacement is prepared."""
        with self._lock:
            sandbox = self._ready.pop(limits, None)
        if sandbox is not None and sandbox.process.poll() is not None:
            sandbox.close()
            sandbox = None
        self.prewarm(limits)
        return sandbox if sandbox is not None else Sandbox(limits, self.preload).start()

    def wait_ready(self, limits: Limits, timeout: float = 30.0) -> bool:
        """Block until a warm sandbox for ``limits`` waits (for benchmarks and tests)."""
        import time

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
        self._requests.put(None)
        for sandbox in waiting:
            sandbox.close()
