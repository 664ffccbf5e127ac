"""Warm sandboxes: reused once each, replaced in the background, and never outlive the grader."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.support import REPO
from tutor.grading.grader import grade, limits_for
from tutor.sandbox.pool import WarmPool
from tutor.workspace import Workspace


def test_a_warm_pool_grades_like_a_cold_sandbox_and_never_reuses_one(fixture_course, tmp_path):
    workspace = Workspace(tmp_path / "ws", fixture_course)
    workspace.sync()
    exercise = fixture_course.get("double")
    workspace.path_for(exercise).write_text("def double(x):\n    return 2 * x\n")
    pool = WarmPool()
    used = []

    def acquire(limits):
        sandbox = pool.acquire(limits)
        used.append(sandbox.process.pid)
        return sandbox

    try:
        limits = limits_for(exercise)
        pool.prewarm(limits)
        assert pool.wait_ready(limits)
        first = grade(fixture_course, exercise, workspace.root, sandbox_factory=acquire)
        assert pool.wait_ready(limits)
        second = grade(fixture_course, exercise, workspace.root, sandbox_factory=acquire)
    finally:
        pool.close()
    assert first.status == second.status == "passed"
    assert len(set(used)) == 2  # one submission per worker


def test_a_warm_sandbox_dies_with_its_parent(fixture_course):
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(REPO)!r})
        from tutor.sandbox.limits import Limits
        from tutor.sandbox.pool import WarmPool
        pool = WarmPool()
        pool.prewarm(Limits())
        assert pool.wait_ready(Limits())
        print(pool.acquire(Limits()).process.pid, flush=True)  # a warm one, handed out
        os._exit(0)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    pid = int(result.stdout.strip())
    deadline = time.monotonic() + 5
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] if Path(f"/proc/{pid}").exists() else "gone"
    assert state in ("gone", "Z")
