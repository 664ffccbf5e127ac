"""`dltutor new ID`: scaffold an exercise for an instructor, then say what to fill in."""

from __future__ import annotations

from tutor.scaffold import PLACEHOLDER, ScaffoldError, scaffold


def new_command(session) -> int:
    from tutor.commands import UsageError

    args = session.args
    root = session.course.root
    try:
        created = scaffold(root, args.exercise, args.chapter, args.title)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    print(f"Created exercise {args.exercise!r} in {root}:")
    for path in created:
        print(f"  {path.relative_to(root)}")
    print(f"\nReplace every {PLACEHOLDER} (lesson, metadata, starter, checks, solution, mutant), then run\n"
          f"  dltutor --course {root} validate --exercise {args.exercise}\n"
          "until it reports no problem.")
    return 0
