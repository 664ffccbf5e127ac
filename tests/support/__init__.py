"""Plain helpers shared by the tests (fixtures live in tests/conftest.py): where things are, the
isolation levels, and a CLI runner (a real subprocess). Import them as ``from tests.support import ...``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
# The one fixture course every test uses (the CLI's, the grader's and the app's).
FIXTURE_COURSE = TESTS / "fixture_course"
SCHEMAS = TESTS / "schemas"


LEVEL_ORDER = ("basic", "standard", "strong")


def isolation_or_skip(name: str):
    """The isolation level ``name``, or a skip with the reason where this machine lacks it; but a
    failure for a level at or below ``$DLTUTOR_REQUIRE_LEVEL`` (CI sets it, so the attack tests
    cannot pass by being skipped on a machine that lost its layers)."""
    from tutor.sandbox import isolation

    try:
        return isolation.resolve(name)
    except isolation.IsolationUnavailable as exc:
        required = os.environ.get("DLTUTOR_REQUIRE_LEVEL", "")
        if required in LEVEL_ORDER and LEVEL_ORDER.index(name) <= LEVEL_ORDER.index(required):
            pytest.fail(f"DLTUTOR_REQUIRE_LEVEL={required} but {exc}")
        pytest.skip(str(exc))


class Cli:
    """Runs `python -m tutor` as a subprocess with a given workspace and course."""

    def __init__(self, workspace: Path, course: Path | None):
        self.workspace, self.course = workspace, course

    def __call__(self, *args: str, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "tutor", "--workspace", str(self.workspace)]
        if self.course:
            command += ["--course", str(self.course)]
        full_env = {**os.environ, **(env or {})}
        return subprocess.run(command + list(args), capture_output=True, text=True, timeout=timeout,
                              env=full_env, cwd=self.workspace.parent if self.workspace.parent.exists() else None)

    def json(self, *args: str, **kwargs):
        result = self(*args, **kwargs)
        return result.returncode, json.loads(result.stdout)

    def learner_file(self, relative: str) -> Path:
        return self.workspace / relative
