"""`dltutor gradescope build|run`: write a Gradescope autograder, or grade an upload as it does."""

from __future__ import annotations

from pathlib import Path


def gradescope_command(session) -> int:
    from tutor.commands.session import UsageError  # noqa: PLC0415  (each subcommand imports only what it runs)

    args = session.args
    if args.action == "run":
        from tutor.gradescope.runner import run  # noqa: PLC0415  (each subcommand imports only what it runs)

        return run(args.root)
    from tutor.gradescope.build import BuildError, build  # noqa: PLC0415  (each subcommand imports only what it runs)
    from tutor.sandbox import isolation  # noqa: PLC0415  (each subcommand imports only what it runs)

    if args.isolation and args.isolation not in isolation.LEVELS:
        raise UsageError(f"--isolation {args.isolation!r}: expected one of {', '.join(isolation.LEVELS)}")
    course = session.course
    try:
        config = build(course, Path(args.output), exercises=args.exercise, points=args.points,
                       visibility=args.visibility, leaderboard=args.leaderboard, isolation=args.isolation,
                       install=args.install, wheel=Path(args.wheel) if args.wheel else None)
    except BuildError as exc:
        raise UsageError(str(exc)) from None
    print(f"Wrote {args.output}: a Gradescope autograder for {course.name} {course.version} "
          f"({len(config['exercises'])} exercise(s){', worth ' + format(args.points, 'g') + ' points' if args.points else ''}).")
    print("Upload it as the assignment's autograder (Configure Autograder → Zip file upload). Learners may "
          "upload single files (neuron.py), chapter folders or their whole workspace.")
    return 0
