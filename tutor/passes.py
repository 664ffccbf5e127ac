"""The passes this grader saw, by course, exercise and the graded file's SHA-256, kept outside every workspace.

The reference solution is shown only for a pass that can be trusted. A workspace's
``.dltutor/progress.json`` is the learner's to edit (or to copy from someone else), so it proves
nothing; this ledger lives in dltutor's own state folder (``locations.state_dir()``) and is
written only by the grader after a pass, for exactly the file it graded and the course version
it graded it against.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
from pathlib import Path

from tutor import locations
from tutor.atomic import write_atomic
from tutor.course import Course, Exercise
from tutor.grading.report import PASSED, GradeReport
from tutor.learner_files import LearnerFileProblem, read_learner_file

KEEP = 20_000  # entries; the oldest go first


def _path() -> Path:
    return locations.state_dir() / "passes.json"


def _key(course: Course, exercise_id: str, sha256: str) -> str:
    raw = "\0".join((course.name, course.version, exercise_id, sha256))
    return hashlib.sha256(raw.encode()).hexdigest()


@contextlib.contextmanager
def _locked():
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield path
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _load(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    keys = data.get("passes") if isinstance(data, dict) else None
    return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []


def record(course: Course, report: GradeReport) -> None:
    """Remember ``report``'s pass (a no-op for anything but a pass of a file that was read)."""
    if report.status != PASSED or not report.source_sha256:
        return
    key = _key(course, report.exercise, report.source_sha256)
    try:
        with _locked() as path:
            keys = _load(path)
            if key not in keys:
                write_atomic(path, json.dumps({"format": 1, "passes": (keys + [key])[-KEEP:]}) + "\n")
    except OSError:
        pass  # a read-only state folder: the solution then needs a fresh check, nothing worse


def passed(course: Course, exercise: Exercise, root: Path) -> bool:
    """Whether the learner's file for ``exercise`` in workspace ``root``, as it is now, passed here."""
    try:
        current = read_learner_file(root, exercise.file)
    except LearnerFileProblem:
        return False
    return _key(course, exercise.id, current.sha256) in _load(_path())
