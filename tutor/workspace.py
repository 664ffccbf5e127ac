"""A learner's workspace: starter files copied in once, never overwritten, kept in sync with the course."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tutor.atomic import write_atomic
from tutor.course import Course, Exercise
from tutor.learner_files import LearnerFileProblem, linked_below, read_learner_file
from tutor.locations import MARKER
from tutor.progress import ProgressStore


class WorkspaceError(ValueError):
    """The workspace cannot be changed as asked; the message says why and what to do."""


@dataclass(frozen=True)
class SyncResult:
    added: tuple[str, ...] = ()
    changed_starters: tuple[str, ...] = ()
    created: bool = False


class Workspace:
    """The folder holding the learner's exercise files and ``.dltutor/`` (state and progress)."""

    def __init__(self, root: Path, course: Course):
        self.root = Path(root).resolve()
        self.course = course
        self.marker = self.root / MARKER
        self.progress = ProgressStore(self.marker)

    def path_for(self, exercise: Exercise) -> Path:
        return self.root / exercise.file

    @property
    def _state_path(self) -> Path:
        return self.marker / "workspace.json"

    def _state(self) -> dict:
        try:
            return json.loads(self._state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def sync(self) -> SyncResult:
        """Create the workspace if needed; add new exercises' starters; flag changed starters."""
        created = not self.marker.is_dir()
        self.marker.mkdir(parents=True, exist_ok=True)
        state = self._state()
        starters = dict(state.get("starters", {}))
        added, changed = [], list(state.get("changed_starters", []))
        for exercise in self.course.exercises:
            digest = exercise.starter_digest()
            target = self.path_for(exercise)
            if exercise.id not in starters:
                # Never write through a link a workspace holds (it would create a file elsewhere).
                if not os.path.lexists(target) and not linked_below(self.root, exercise.file):
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(exercise.starter_path, target)
                added.append(exercise.id)
                starters[exercise.id] = digest
            elif starters[exercise.id] != digest and exercise.id not in changed:
                changed.append(exercise.id)
        state.update(course=self.course.name, course_version=self.course.version,
                     starters=starters, changed_starters=changed)
        write_atomic(self._state_path, json.dumps(state, indent=2) + "\n")
        return SyncResult(tuple(added), tuple(changed), created)

    def changed_starters(self) -> tuple[str, ...]:
        return tuple(self._state().get("changed_starters", ()))

    def reset(self, exercise: Exercise) -> Path | None:
        """Restore the starter, keeping the learner's file in .dltutor/backups; returns the backup."""
        target = self.path_for(exercise)
        if linked_below(self.root, str(PurePosixPath(exercise.file).parent)):
            raise WorkspaceError(f"{target.parent} is a symbolic link: dltutor writes only inside your workspace; "
                                 "replace the link with a folder")
        backup = None
        try:
            kept = read_learner_file(self.root, exercise.file).text  # the one safe way: never through a link
        except LearnerFileProblem:
            kept = None
        if kept is not None:
            backups = self.marker / "backups"
            backups.mkdir(parents=True, exist_ok=True)
            backup = backups / f"{exercise.id}-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**6}.py"
            write_atomic(backup, kept)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, exercise.starter_path.read_bytes())  # replaces a link, never writes through it
        state = self._state()
        state.setdefault("starters", {})[exercise.id] = exercise.starter_digest()
        state["changed_starters"] = [i for i in state.get("changed_starters", []) if i != exercise.id]
        write_atomic(self._state_path, json.dumps(state, indent=2) + "\n")
        return backup
