"""Shared fixtures: the fixture course, sealed-off workspaces and a CLI runner (a real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE_COURSE = REPO / "tests" / "fixture_course"


@pytest.fixture(autouse=True)
def sealed_environment(tmp_path_factory, monkeypatch):
    """Never touch a developer's own workspace or pick up their course."""
    monkeypatch.setenv("DLTUTOR_WORKSPACE", str(tmp_path_factory.mktemp("default-ws")))
    monkeypatch.setenv("DLTUTOR_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    monkeypatch.delenv("DLTUTOR_COURSE", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def fixture_course():
    from tutor.course import load_course

    return load_course(FIXTURE_COURSE)


@pytest.fixture
def real_course():
    from tutor.course import load_course

    return load_course(REPO)


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


@pytest.fixture
def cli(tmp_path):
    return Cli(tmp_path / "ws", FIXTURE_COURSE)


@pytest.fixture
def real_cli(tmp_path):
    return Cli(tmp_path / "ws", None)


@pytest.fixture(scope="module")
def tf():
    """TensorFlow, for tests that verify references against it (skipped where it is missing)."""
    return pytest.importorskip("tensorflow")


@pytest.fixture(scope="module")
def keras(tf):
    import keras

    return keras
