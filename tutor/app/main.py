"""The app factory shared by the CLI and the tests, and ``run(session)`` for the `dltutor` command."""

from __future__ import annotations

from collections.abc import Callable

from tutor.app.application import TutorApp
from tutor.app.editor import edit_in_terminal
from tutor.app.machine import MachineInfo, home_relative, resolve_isolation
from tutor.course import Course
from tutor.locations import find_workspace
from tutor.workspace import SyncResult, Workspace


def make_app(course: Course, workspace: Workspace, *, seed: int | None = None,
             sync: SyncResult | None = None, device: str | None = None, sandbox: str | None = None,
             workspace_label: str | None = None, external_editor: Callable | None = None,
             watch_interval: float = 0.5, cursor_blink: bool = True, warm_keras: bool = False) -> TutorApp:
    """Build the app. ``device``, ``sandbox`` and ``workspace_label`` pin the status bar's texts
    (tests use them so screenshots do not depend on the machine); ``external_editor(app, path)``
    replaces the $EDITOR launcher; ``seed`` None means the grader's default; ``warm_keras`` starts
    the TensorFlow workers right after the first paint (the `dltutor` command does; tests need not)."""
    sync = workspace.sync() if sync is None else sync
    isolation, short, detail = resolve_isolation()
    machine = MachineInfo(
        device=device or "device: detecting…",
        isolation=sandbox or short,
        isolation_detail=sandbox or detail,
        workspace=workspace_label or home_relative(workspace.root),
    )
    notes = []
    if sync.changed_starters:
        notes.append("The course changed the starter of: " + ", ".join(sync.changed_starters)
                     + ". Your files were kept; F8 (reset) on an exercise takes its new starter.")
    if isolation is None:
        notes.append(f"No sandbox is available here, so exercises cannot be checked: {detail}")
    return TutorApp(course, workspace, machine=machine, isolation=isolation, seed=seed,
                    first_run=sync.created, notes=notes, detect_device=device is None,
                    external_editor=external_editor or edit_in_terminal,
                    watch_interval=watch_interval, cursor_blink=cursor_blink, warm_keras=warm_keras)


def run(session) -> int:
    """Open the app on the session's course and workspace (created on first use)."""
    course = session.course
    workspace = Workspace(find_workspace(session.args.workspace), course)
    app = make_app(course, workspace, seed=session.seed, sync=workspace.sync(), warm_keras=True)
    app.run()
    return app.return_code or 0
