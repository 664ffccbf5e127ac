"""Workspaces keep learner files safe; progress is atomic and survives corruption without loss."""

from __future__ import annotations

import json
import shutil

from tests.support import FIXTURE_COURSE
from tutor.course import load_course
from tutor.grading.report import GradeReport
from tutor.workspace import Workspace


def report(status: str, score: float) -> GradeReport:
    return GradeReport(exercise="double", status=status, score=score, max_score=3)


def test_sync_copies_starters_once_and_never_overwrites(fixture_course, tmp_path):
    workspace = Workspace(tmp_path / "ws", fixture_course)
    first = workspace.sync()
    assert first.created and first.added == ("double", "scale")
    path = workspace.path_for(fixture_course.get("double"))
    path.write_text("my work\n")
    second = workspace.sync()
    assert second.added == () and not second.created
    assert path.read_text() == "my work\n"


def test_a_newer_course_adds_exercises_and_flags_changed_starters(tmp_path):
    course_root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course_root)
    manifest = course_root / "exercises/course.toml"
    manifest.write_text(manifest.read_text().replace('["double", "scale"]', '["double"]'))
    workspace = Workspace(tmp_path / "ws", load_course(course_root))
    workspace.sync()
    mine = workspace.path_for(workspace.course.get("double"))
    mine.write_text("my work\n")
    manifest.write_text(manifest.read_text().replace('["double"]', '["double", "scale"]'))
    (course_root / "exercises/double/starter.py").write_text("def double(x):\n    ...  # new starter\n")
    newer = Workspace(tmp_path / "ws", load_course(course_root))
    result = newer.sync()
    assert result.added == ("scale",)
    assert result.changed_starters == ("double",)
    assert mine.read_text() == "my work\n"
    assert newer.path_for(newer.course.get("scale")).exists()


def test_reset_keeps_a_backup(fixture_course, tmp_path):
    workspace = Workspace(tmp_path / "ws", fixture_course)
    workspace.sync()
    exercise = fixture_course.get("double")
    workspace.path_for(exercise).write_text("my precious work\n")
    backup = workspace.reset(exercise)
    assert backup.read_text() == "my precious work\n"
    assert workspace.path_for(exercise).read_text() == exercise.starter_path.read_text()


def test_progress_records_attempts_and_best_score(fixture_course, tmp_path):
    workspace = Workspace(tmp_path / "ws", fixture_course)
    workspace.sync()
    workspace.progress.record(report("failed", 1))
    workspace.progress.record(report("passed", 3))
    entry = workspace.progress.record(report("failed", 2))
    assert (entry.status, entry.attempts, entry.best_score) == ("failed", 3, 3)
    assert entry.ever_passed
    data = json.loads(workspace.progress.path.read_text())
    assert data["exercises"]["double"]["attempts"] == 3
    assert not list(workspace.marker.glob("*.tmp"))


def test_a_corrupt_progress_file_is_kept_aside_and_reported(fixture_course, tmp_path):
    workspace = Workspace(tmp_path / "ws", fixture_course)
    workspace.sync()
    workspace.progress.path.write_text("{ this is not json")
    assert workspace.progress.load() == {}
    assert "unreadable" in workspace.progress.warning
    kept = list(workspace.marker.glob("progress.corrupt-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == "{ this is not json"


def test_hints_are_revealed_one_at_a_time_and_capped(fixture_course, tmp_path):
    workspace = Workspace(tmp_path / "ws", fixture_course)
    workspace.sync()
    shown = [workspace.progress.reveal_hint("double", 2).hints_shown for _ in range(3)]
    assert shown == [1, 2, 2]
