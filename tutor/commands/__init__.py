"""Runs a parsed `dltutor` command; every failure the user can fix exits 2 with one clear line."""

from __future__ import annotations

import sys
from pathlib import Path

from tutor.course import Course, CourseError, load_course
from tutor.grading.grader import DEFAULT_SEED
from tutor.locations import default_course_root, find_workspace
from tutor.sandbox.isolation import IsolationUnavailable
from tutor.workspace import Workspace


class UsageError(Exception):
    """A mistake in how dltutor was called; printed without a traceback, exit 2."""


class Session:
    """What every command needs: the course, the workspace (created on first use) and the seed."""

    def __init__(self, args):
        self.args = args
        self.seed = DEFAULT_SEED if args.seed is None else args.seed
        self._course: Course | None = None

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


def run_command(args) -> int:
    from tutor.commands import doctor, grading, learner, scaffold, validate

    handlers = {
        None: learner.open_app, "list": learner.list_exercises, "check": learner.check,
        "hint": learner.hint, "reset": learner.reset, "solution": learner.solution,
        "grade": grading.grade_command, "merge": grading.merge_command, "new": scaffold.new_command,
        "doctor": doctor.doctor, "validate": validate.validate_command,
    }
    session = Session(args)
    try:
        return handlers[args.command](session)
    except (CourseError, UsageError, IsolationUnavailable) as exc:
        print(f"dltutor: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dltutor: interrupted", file=sys.stderr)
        return 130
