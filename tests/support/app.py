"""Plain helpers for the app's tests (their fixtures are in tests/app/conftest.py): the fixture course
as the app's tests load it, and an app built with its status bar pinned, driven through Pilot."""

from __future__ import annotations

import dataclasses
import time

from textual.widgets import Static

from tests.support import FIXTURE_COURSE
from tutor.app.main import make_app
from tutor.app.screens.exercise import ExerciseScreen
from tutor.course import Course, load_course

# Long enough that a run the app's tests abort or replace (a learner file that sleeps) is still
# running when they do: the fixture course's own 3 s keeps the attack tests quick.
APP_TIMEOUT_S = 20.0


def app_course() -> Course:
    """The fixture course with every exercise's timeout at ``APP_TIMEOUT_S``."""
    course = load_course(FIXTURE_COURSE)
    return dataclasses.replace(course, exercises=tuple(dataclasses.replace(e, timeout_s=APP_TIMEOUT_S)
                                                       for e in course.exercises))


def build(course, workspace, **overrides):
    """The app with the status bar pinned, no cursor blink and a fast watch poll."""
    options = dict(device="CPU: test (2 cores)", sandbox="sandbox: basic (L1)", workspace_label="/ws",
                   cursor_blink=False, watch_interval=0.1)
    options.update(overrides)
    app = make_app(course, workspace, **options)
    app.notes_seen = []
    original = app.notify
    app.notify = lambda message, *a, **k: (app.notes_seen.append(str(message)), original(message, *a, **k))
    return app


async def wait_for(pilot, condition, timeout: float = 20.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def verdict(app) -> str:
    return str(app.screen.query_one("#verdict", Static).render())


async def open_exercise(pilot, exercise_id: str) -> ExerciseScreen:
    pilot.app.open_exercise(exercise_id)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExerciseScreen), what="exercise screen")
    await pilot.pause()
    return pilot.app.screen
