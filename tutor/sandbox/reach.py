"""Proves, with a real sandbox at the grading level and as its own uid, which of some paths a sandbox could open.

``dltutor grade`` asks this before any learner code runs: if a sandbox could open the course's
solutions or another submission's files (a world-readable private pack at ``basic``, a
checkout granted whole by mistake), grading refuses instead of trusting the isolation it meant
to have. The probe is a sandbox like the ones that will grade (same level, same limits on
reading, a fresh uid of its own when the grader is root) running only this module's code.
"""

from __future__ import annotations

from pathlib import Path

from tutor.sandbox.isolation import Isolation
from tutor.sandbox.limits import Limits
from tutor.sandbox.runner import Sandbox, SandboxDied

MAX_PATHS = 5000

PROBE_SOURCE = '''
import os

def reachable(paths):
    """The paths this process can open for reading (a folder: list)."""
    found = []
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        except OSError:
            continue
        os.close(fd)
        found.append(path)
    return found
'''


class ReachProbeFailed(RuntimeError):
    """The probe sandbox did not answer, so nothing is proven."""


def reachable(paths: list[Path], isolation: Isolation) -> list[str]:
    """Those of ``paths`` a sandbox at ``isolation`` could open; raises ``ReachProbeFailed``."""
    wanted = [str(p) for p in paths][:MAX_PATHS]
    sandbox = Sandbox(Limits(timeout_s=30, startup_s=30, memory_mb=256), preload=(), isolation=isolation)
    try:
        sandbox.start()
        if sandbox.died:
            raise ReachProbeFailed(sandbox.died.reason)
        loaded = sandbox.load([{"name": "reach", "filename": "<dltutor reach probe>", "source": PROBE_SOURCE}])
        reply = sandbox.call("reach", "reachable", (wanted,)) if loaded.ok else loaded
        if not reply.ok or not isinstance(reply.value, list):
            raise ReachProbeFailed(f"the probe answered {reply.kind or 'wrongly'}: {reply.message}")
        return [p for p in reply.value if p in wanted]
    except SandboxDied as died:
        raise ReachProbeFailed(died.reason) from None
    finally:
        sandbox.close()


def secrets_of(course_root: Path, limit: int = MAX_PATHS) -> list[Path]:
    """What a course keeps from learners: its solutions and its mutants (near-copies of them)."""
    root = Path(course_root)
    found = [root / "solutions"]
    found += sorted((root / "solutions").rglob("*"))[:limit]
    for mutants in sorted((root / "exercises").glob("*/mutants")):
        found += [mutants, *sorted(mutants.rglob("*"))]
    return found[:limit]
