"""`dltutor new ID`: scaffold an exercise in a course pack for an instructor, then say what to fill in."""

from __future__ import annotations

import sys
from pathlib import Path

from tutor.commands.session import UsageError
from tutor.locations import course_is_installed, default_course_root
from tutor.scaffold import PLACEHOLDER, ScaffoldError, scaffold, start_pack


def new_command(session) -> int:
    args = session.args
    root = Path(args.course).expanduser().resolve() if args.course else default_course_root()
    if not args.course and course_is_installed(root):
        # The installed course is package data: an upgrade replaces it and learners' installs never see it.
        raise UsageError(f"the built-in course at {root} belongs to the installed dltutor; scaffold into a course "
                         f"pack of your own instead: dltutor new {args.exercise} --course my-pack "
                         "(a new or empty folder becomes a pack)")
    started = False
    try:
        if not (root / "exercises" / "course.toml").is_file():
            start_pack(root, args.chapter)
            started = True
        created = scaffold(root, args.exercise, args.chapter, args.title)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot scaffold in {root}: {exc.strerror or exc} ({exc.filename or root})") from None
    if getattr(args, "json", False):
        from tutor.reporters.json_report import dumps  # noqa: PLC0415  (only for --json)

        sys.stdout.write(dumps({"exercise": args.exercise, "course": str(root), "new_pack": started,
                                "files": [str(p) for p in created]}))
        return 0
    if started:
        print(f"Started a course pack at {root}")
    print(f"Created exercise {args.exercise!r} in {root}:")
    for path in created:
        print(f"  {path.relative_to(root)}")
    print(f"\nReplace every {PLACEHOLDER} (lesson, metadata, starter, checks, solution, mutant), then run\n"
          f"  dltutor --course {root} validate --exercise {args.exercise}\n"
          "until it reports no problem.")
    return 0
