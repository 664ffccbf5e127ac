"""`dltutor grade` and `dltutor merge`: grade a class (or a shard of it) and join shard results."""

from __future__ import annotations

import sys
from pathlib import Path

from tutor.batch import exit_code, find_submissions, grade_submissions, prove_isolation
from tutor.reporters import text
from tutor.reporters.output import OutputError, write_results
from tutor.sandbox import isolation
from tutor.shards import ShardError, merge, parse_shard, select_shard


def grade_command(session) -> int:
    from tutor.commands import UsageError

    args = session.args
    _check_output(args)
    try:
        shard = parse_shard(args.shard) if args.shard else None
    except ShardError as exc:
        raise UsageError(str(exc)) from None
    level = isolation.resolve(args.isolation)
    course = session.course
    ids = args.exercise or course.ids
    for exercise_id in ids:
        session.exercise(exercise_id)
    submissions = find_submissions([Path(p) for p in args.paths])
    if not submissions:
        raise UsageError("no submissions found in " + ", ".join(args.paths))
    if shard:
        submissions = select_shard(submissions, *shard)
        print(f"dltutor: shard {shard[0]}/{shard[1]}: {len(submissions)} submission(s)", file=sys.stderr)
    several = len(submissions) > 1
    if several and level.level == "basic" and not args.allow_basic:
        raise UsageError("basic isolation cannot keep submissions apart (a sandbox could read its "
                         "neighbours' files and leave files for the next one): grade a class at standard or "
                         "strong isolation, or pass --allow-basic to accept that")
    prove_isolation(course, submissions, ids, level, peers=several and not args.allow_basic)
    print(f"dltutor: seed {session.seed} for generated inputs (--seed {session.seed} reproduces this run)",
          file=sys.stderr)
    total = len(submissions)
    done = 0

    def progress(result) -> None:
        nonlocal done
        done += 1
        print(f"[{done}/{total}] {result.submission}: {text.status_word(result.status)} "
              f"{result.score:g}/{result.max_score:g} ({result.duration_s:.1f} s)", file=sys.stderr, flush=True)

    results = grade_submissions(course, submissions, ids, jobs=args.jobs, seed=session.seed,
                                isolation=level, on_done=progress)
    return exit_code(_write(results, args))


def merge_command(session) -> int:
    from tutor.commands import UsageError

    args = session.args
    _check_output(args)
    try:
        results = merge([Path(p) for p in args.files])
    except ShardError as exc:
        raise UsageError(str(exc)) from None
    return exit_code(_write(results, args))


def _check_output(args) -> None:
    """Refuse before grading anything what could only fail after it."""
    from tutor.commands import UsageError

    if args.output and Path(args.output).is_dir() and args.format != "gradescope":
        raise UsageError(f"--output {args.output} is a folder; --format {args.format} writes a file")


def _write(results, args) -> list:
    from tutor.commands import UsageError

    try:
        return write_results(results, args.format, args.output)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write the report to {args.output}: {exc.strerror or exc}") from None
