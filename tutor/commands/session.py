"""What every command works with: the parsed arguments, the course and workspace they name, the seed."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from tutor.course import Course, load_course
from tutor.grading.needs import DEFAULT_SEED
from tutor.locations import default_course_root, find_workspace
from tutor.workspace import Workspace


class UsageError(Exception):
    """A mistake in how dltutor was called; printed without a traceback, exit 2."""


class Session:
    """What every command needs: the course, the workspace (created on first use) and the seed."""

    def __init__(self, args):
        self.args = args
        self._course: Course | None = None
        if args.seed is not None:
            self.seed = args.seed
        elif getattr(args, "command", None) == "grade":
            # A fresh seed per grading run: expected values quoted in feedback cannot be replayed.
            self.seed = secrets.randbelow(2**31 - 1) + 1
        else:
            self.seed = DEFAULT_SEED  # a learner's `check` is reproducible at the default seed

    @property
    def course(self) -> Course:
        if self._course is None:
            root = Path(self.args.course).resolve() if self.args.course else default_course_root()
            self._course = load_course(root)
        return self._course

    def workspace(self) -> Workspace:
        workspace = Workspace(find_workspace(self.args.workspace), self.course)
        result = workspace.sync()
        if result.created:
            print(f"dltutor: created your workspace at {workspace.root}", file=sys.stderr)
        if result.changed_starters:
            print("dltutor: the course changed the starter of: " + ", ".join(result.changed_starters)
                  + " (your files were kept; `dltutor reset ID` takes the new starter)", file=sys.stderr)
        return workspace

    def exercise(self, exercise_id: str):
        try:
            return self.course.get(exercise_id)
        except KeyError as exc:
            raise UsageError(exc.args[0]) from None
