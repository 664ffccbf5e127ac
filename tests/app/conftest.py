"""The app's fixtures: the fixture course (tests.support.app.app_course) and a workspace for it."""

from __future__ import annotations

import pytest

from tests.support.app import app_course
from tutor.workspace import Workspace


@pytest.fixture
def course():
    return app_course()


@pytest.fixture
def workspace(tmp_path, course, monkeypatch):
    monkeypatch.setenv("DLTUTOR_WORKSPACE", str(tmp_path / "ws"))
    return Workspace(tmp_path / "ws", course)
