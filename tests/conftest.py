"""Shared fixtures, found by pytest for every folder: the fixture course, sealed-off workspaces and a CLI
runner (a real subprocess). Plain helpers are in tests/support (``from tests.support import ...``)."""

from __future__ import annotations

import pytest

from tests.support import FIXTURE_COURSE, REPO, Cli


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
