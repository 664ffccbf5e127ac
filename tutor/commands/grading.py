"""`dltutor grade` and `dltutor merge`: grade a class (or a shard of it) and join shard results."""

from __future__ import annotations

import sys
from pathlib import Path

from tutor.batch import (
    exit_code,
    find_submissions,
    grade_submissions,
    prove_isolation,
    upload,
)
from tutor.commands.session import UsageError
from tutor.reporters import summary as class_summary
from tutor.reporters.output import OutputError, write_results, write_summary
from tutor.reporters.progress import ClassProgress
from tutor.sandbox import isolation
from tutor.shards import ShardError, merge, parse_shard, select_shard


def grade_command(session) -> int:
    args = session.args
    _check_output(args)
    if not args.paths and not args.submission:
        raise UsageError("grade needs a PATH (a workspace or a folder of submissions) or --submission DIR")
    try:
        shard = parse_shard(args.shard) if args.shard else None
    except ShardError as exc:
        raise UsageError(str(exc)) from None
    level = isolation.resolve(args.isolation)
    course = session.course
    ids = args.exercise or course.ids
    for exercise_id in ids:
        session.exercise(exercise_id)
    submissions = find_submissions([Path(p) for p in args.paths], course) if args.paths else []
    submissions += [upload(Path(p).resolve(), course) for p in args.submission]
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
    with ClassProgress(len(submissions)) as progress:
        results = grade_submissions(course, submissions, ids, jobs=args.jobs, seed=session.seed,
                                    isolation=level, on_done=progress)
    return exit_code(_write(results, args))


def merge_command(session) -> int:
    args = session.args
    _check_output(args)
    try:
        results = merge([Path(p) for p in args.files])
    except ShardError as exc:
        raise UsageError(str(exc)) from None
    return exit_code(_write(results, args))


def _check_output(args) -> None:
    """Refuse before grading anything what could only fail after it."""
    if args.output and Path(args.output).is_dir() and args.format != "gradescope":
        raise UsageError(f"--output {args.output} is a folder; --format {args.format} writes a file")
    if args.summary and Path(args.summary).is_dir():
        raise UsageError(f"--summary {args.summary} is a folder; it names a file to append to")


def _write(results, args) -> list:
    """The report as asked, then the class summary: a text report ends with it, other formats show
    it on stderr (a class of one has none), and ``--summary`` appends it to a file."""
    try:
        reported = write_results(results, args.format, args.output)
        summary = class_summary.class_summary(reported)
        if len(reported) > 1 and args.format != "text":
            sys.stderr.write(class_summary.render_text(summary))
        if args.summary:
            write_summary(summary, Path(args.summary))
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise UsageError(f"cannot write the report: {exc.strerror or exc} ({exc.filename or args.output})") from None
    return reported
