"""Finds the exercise files of a submission however it was uploaded: a workspace, chapter folders, flat files.

Learners upload to Gradescope (or a CI checkout) in every shape: ``neuron.py`` alone, the
chapter folders without ``.dltutor/``, a whole workspace, or any of these one folder down (a
zip of a repository). Each exercise's file is looked up by its path in a workspace
(``foundations/neuron.py``), else by its name anywhere in the upload, and the submission is then
graded through a view of the course whose exercises point at the files found. Nothing is read
here: the one safe reader (``learner_files``) still reads each file, so a link found here is
refused there with its reason, exactly as in a workspace.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path, PurePosixPath

from tutor.course import Course

MAX_DEPTH = 4  # an upload a few folders deep (a zipped repository) is found; a deeper tree is not walked
MAX_ENTRIES = 20_000  # a hostile upload with a million files must not stall the grader
SKIPPED = ("__pycache__", "node_modules", "venv")


def _walk(root: Path) -> list[str]:
    """Relative POSIX paths of the files (links included, never followed) below ``root``."""
    found: list[str] = []
    seen = 0
    for folder, dirs, files in os.walk(root, followlinks=False):
        depth = len(Path(folder).relative_to(root).parts)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED) if depth < MAX_DEPTH else []
        seen += len(dirs) + len(files)
        if seen > MAX_ENTRIES:
            break
        base = PurePosixPath(*Path(folder).relative_to(root).parts)
        found += [str(base / name) for name in sorted(files) if not name.startswith(".")]
    return found


def locate(root: Path, course: Course) -> dict[str, str]:
    """Exercise id → the file graded for it, relative to ``root``, for every exercise found.

    The workspace path wins; else a file of the same name whose path ends like the workspace
    path (``my-repo/foundations/neuron.py``); else the shallowest file of that name (flat uploads).
    """
    files = _walk(Path(root))
    present = set(files)
    by_name: dict[str, list[str]] = {}
    for path in files:
        by_name.setdefault(PurePosixPath(path).name, []).append(path)
    located = {}
    for exercise in course.exercises:
        wanted = PurePosixPath(exercise.file)
        if str(wanted) in present:
            located[exercise.id] = str(wanted)
            continue
        candidates = by_name.get(wanted.name, [])
        if candidates:
            located[exercise.id] = min(candidates, key=lambda p: (not p.endswith("/" + str(wanted)),
                                                                  len(PurePosixPath(p).parts), p))
    return located


def looks_like_upload(root: Path, course: Course) -> bool:
    """True when ``root`` itself holds exercise files or chapter folders (one submission, not a
    folder of submissions)."""
    names = {e.chapter for e in course.exercises} | {PurePosixPath(e.file).name for e in course.exercises}
    try:
        return any(entry.name in names for entry in os.scandir(root))
    except OSError:
        return False


def course_view(course: Course, files: dict[str, str]) -> Course:
    """``course`` with each exercise's file where this submission has it (``uses`` follow too)."""
    if not files:
        return course
    return replace(course, exercises=tuple(replace(e, file=files.get(e.id, e.file)) for e in course.exercises))
