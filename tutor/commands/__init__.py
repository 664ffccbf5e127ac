"""Runs a parsed `dltutor` command; every failure the user can fix exits 2 with one clear line.

Exit codes, for every command (docs/architecture.md, Invariants): 0 all passed or skipped · 1 anything failed, errored or
timed out · 2 anything ungradable, a refused isolation level, a usage error · 3 a fault of dltutor
itself that prevented the report (its traceback goes to stderr, to be reported as a bug) · 141
when whoever read the output closed the pipe (as a program killed by SIGPIPE; nothing is printed).
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback

from tutor.commands.session import Session, UsageError
from tutor.course import CourseError
from tutor.sandbox.levels import IsolationUnavailable
from tutor.workspace import WorkspaceError

__all__ = ["Session", "UsageError", "run_command"]


EXIT_USAGE, EXIT_INTERNAL, EXIT_CLOSED_PIPE = 2, 3, 128 + 13


HANDLERS = {  # command → (module of tutor.commands, function): only the one run is imported
    None: ("learner", "open_app"), "list": ("learner", "list_exercises"), "check": ("learner", "check"),
    "hint": ("learner", "hint"), "reset": ("learner", "reset"), "solution": ("learner", "solution"),
    "grade": ("grading", "grade_command"), "merge": ("grading", "merge_command"),
    "new": ("scaffold", "new_command"), "doctor": ("doctor", "doctor"),
    "validate": ("validate", "validate_command"), "completion": ("learner", "completion"),
    "gradescope": ("gradescope", "gradescope_command"),
}


def _handler(command):
    module, function = HANDLERS[command]
    return getattr(importlib.import_module(f"tutor.commands.{module}"), function)


def run_command(args) -> int:
    try:
        session = Session(args)
        code = _handler(args.command)(session)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler below, not at exit
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_CLOSED_PIPE
    except (CourseError, UsageError, IsolationUnavailable, WorkspaceError) as exc:
        print(f"dltutor: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("dltutor: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001  (a dltutor bug must not read as "something failed")
        traceback.print_exc(file=sys.stderr)
        print(f"dltutor: internal error ({type(exc).__name__}: {exc}); this is a bug in dltutor, "
              "not in the work graded: please report it with the traceback above", file=sys.stderr)
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    """After the reader closed the pipe: point stdout at /dev/null, so the interpreter's last flush
    at exit raises nothing either (the Python docs' recipe for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
