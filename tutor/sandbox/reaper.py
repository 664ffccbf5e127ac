"""Finds and kills every process a sandbox left behind, including ones that escaped with setsid."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

PROC = Path("/proc")
PR_SET_CHILD_SUBREAPER, PR_SET_DUMPABLE = 36, 4
_hardened = False


def harden_grader() -> None:
    """Make this (grader) process a child subreaper and non-dumpable; idempotent, Linux only.

    As a subreaper, descendants that escape their sandbox with setsid are re-parented to us
    instead of init, so the sweep can still find them. Non-dumpable stops a same-uid sandbox from
    reading our memory through /proc.
    """
    global _hardened
    if _hardened or not sys.platform.startswith("linux"):
        return
    import ctypes  # noqa: PLC0415  (Linux only)

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    _hardened = True


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, session id) of a process, or None if it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rfind(")") + 2 :].split()
    return int(fields[1]), int(fields[3])


def all_pids() -> list[int]:
    try:
        return [int(p.name) for p in PROC.iterdir() if p.name.isdigit()]
    except OSError:
        return []


def _pids_of_uid(uid: int) -> list[int]:
    found = []
    for pid in all_pids():
        try:
            if (PROC / str(pid)).stat().st_uid == uid:
                found.append(pid)
        except OSError:
            continue
    return found


def descendants(root_pids: set[int], orphan_parent: int | None = None, spare=frozenset) -> set[int]:
    """Every live process below ``root_pids``; with ``orphan_parent``, also its escaped children.

    An escaped child is one re-parented to ``orphan_parent`` (the subreaper grader) that runs in
    a session of its own and is not in ``spare()`` (processes the grader started and still owns),
    which is asked only after /proc was read, so a sandbox starting meanwhile is never taken.
    """
    table = {pid: info for pid in all_pids() if (info := _stat(pid))}
    owned = spare()
    own_session = os.getsid(0)
    found = {pid for pid in root_pids if pid in table}
    if orphan_parent is not None:
        found |= {
            pid for pid, (ppid, sid) in table.items()
            if ppid == orphan_parent and sid != own_session and pid not in owned
        }
    changed = True
    while changed:
        children = {pid for pid, (ppid, _) in table.items() if ppid in found} - found
        found |= children
        changed = bool(children)
    return found


def kill_all(pids: set[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def reap(pids: set[int]) -> None:
    """Collect the exit status of those of ``pids`` that are our children (no zombies)."""
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass


def sweep(root_pid: int, uid: int | None, spare, rounds: int = 20) -> None:
    """Kill the sandbox's whole tree until nothing is left; ``uid`` when it ran as its own user.

    ``spare()`` returns the processes the grader still owns (other sandboxes, even ones being
    started right now); it is asked again every round.
    """
    if not sys.platform.startswith("linux"):
        try:
            os.killpg(root_pid, signal.SIGKILL)
        except OSError:
            pass
        return
    for _ in range(rounds):
        targets = descendants({root_pid}, orphan_parent=os.getpid(), spare=spare)
        if uid is not None:
            targets |= set(_pids_of_uid(uid))
        targets.discard(os.getpid())
        if not targets:
            return
        kill_all(targets)
        reap(targets)
        if any(_alive(pid) for pid in targets):
            time.sleep(0.01)
            reap(targets)


def _alive(pid: int) -> bool:
    """Whether ``pid`` still exists as something other than a zombie."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return False
    return text[text.rfind(")") + 2 :].split(" ", 1)[0] != "Z"
