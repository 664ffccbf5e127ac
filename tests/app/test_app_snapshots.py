"""Screenshots of each screen (pytest-textual-snapshot), pinned: size, texts, no cursor blink, colour on."""

from __future__ import annotations

import time

import pytest
from textual.css.query import NoMatches
from textual.widgets import TextArea

from tests.support.app import app_course
from tutor.app.main import make_app
from tutor.workspace import Workspace

# The size most terminals open with, and a roomy one: the layout changes between them.
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@pytest.fixture(autouse=True)
def colour(monkeypatch):
    """Snapshots are taken in colour whatever the environment says (Textual reads NO_COLOR)."""
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("DLTUTOR_WORKSPACE", str(tmp_path / "ws"))
    course = app_course()
    return make_app(course, Workspace(tmp_path / "ws", course), device="CPU: Example CPU (2 cores)",
                    sandbox="sandbox: basic (L1); no L2, L3", workspace_label="~/dltutor-workspace",
                    cursor_blink=False, watch_interval=0.1)


async def until(pilot, condition, timeout: float = 20.0) -> None:
    """Poll ``condition`` (a query that does not match yet counts as False) until it holds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except NoMatches:
            pass
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


@SIZES
@pytest.mark.timeout(120)
def test_course_screen(app, snap_compare, size):
    async def ready(pilot):
        await until(pilot, lambda: "was just created" in pilot.app.screen.query_one("#lesson").source)

    assert snap_compare(app, terminal_size=size, run_before=ready)


@SIZES
@pytest.mark.timeout(120)
def test_exercise_with_a_failed_verdict(app, snap_compare, size):
    async def fail_once(pilot):
        pilot.app.open_exercise("double")
        await until(pilot, lambda: pilot.app.screen.query_one("#editor"))
        await pilot.pause()
        pilot.app.screen.query_one("#editor", TextArea).load_text("def double(x):\n    return 3 * x\n")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: pilot.app.checking is None
                    and "failed" in str(pilot.app.screen.query_one("#verdict").render()))

    assert snap_compare(app, terminal_size=size, run_before=fail_once)


@SIZES
@pytest.mark.timeout(120)
def test_help_screen(app, snap_compare, size):
    assert snap_compare(app, terminal_size=size, press=["f1"])
