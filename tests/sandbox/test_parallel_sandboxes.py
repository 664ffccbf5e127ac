"""Sandboxes started and swept on several threads at once never take each other down."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tutor.grading.grader import grade
from tutor.workspace import Workspace


def test_concurrent_grading_never_kills_a_starting_sibling(fixture_course, tmp_path):
    workspace = Workspace(tmp_path / "ws", fixture_course)
    workspace.sync()
    exercise = fixture_course.get("double")
    workspace.path_for(exercise).write_text("def double(x):\n    return 2 * x\n")
    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda _: grade(fixture_course, exercise, workspace.root), range(24)))
    assert [r.status for r in reports] == ["passed"] * 24, {r.message for r in reports}
