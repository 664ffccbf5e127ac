"""The processes the grader started and still owns (sandboxes, trusted helpers): never swept as escapees."""

from __future__ import annotations

import subprocess
import threading

_lock = threading.Lock()
_pids: set[int] = set()


def spawn_tracked(argv: list[str], **popen_kwargs) -> subprocess.Popen:
    """Start a trusted helper process registered like a sandbox, so no sweep takes it for an escapee."""
    with _lock:
        process = subprocess.Popen(argv, **popen_kwargs)
        _pids.add(process.pid)
    return process


def untrack(pid: int) -> None:
    """Forget a process started with ``spawn_tracked`` once it has been reaped."""
    with _lock:
        _pids.discard(pid)


def live() -> set[int]:
    """The processes that are running or starting now."""
    with _lock:
        return set(_pids)
