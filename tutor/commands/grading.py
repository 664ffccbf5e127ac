"""`dltutor grade`: grade submissions in parallel and write a report with an honest exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from tutor.batch import exit_code, find_submissions, grade_submissions
from tutor.reporters import json_report, text
from tutor.sandbox import isolation


def grade_command(session) -> int:
    from tutor.commands import UsageError

    args = session.args
    level = isolation.resolve(args.isolation)
    course = session.course
    ids = args.exercise or course.ids
    for exercise_id in ids:
        session.exercise(exercise_id)
    submissions = find_submissions([Path(p) for p in args.paths])
    if not submissions:
        raise UsageError("no submissions found in " + ", ".join(args.paths))

    def progress(result) -> None:
        print(f"graded {result.submission}: {text.status_word(result.status)} "
              f"{result.score:g}/{result.max_score:g}", file=sys.stderr, flush=True)

    results = grade_submissions(course, submissions, ids, jobs=args.jobs, seed=session.seed,
                                isolation=level, on_done=progress)
    if args.format == "json":
        output = json_report.dumps([r.to_dict() for r in results])
    else:
        output = "".join(_text(r) for r in results)
    if args.output:
        Path(args.output).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    return exit_code(results)


def _text(result) -> str:
    head = (f"== {result.submission}: {text.status_word(result.status)} "
            f"{result.score:g}/{result.max_score:g} points ==\n")
    if result.message:
        head += f"  {result.message}\n"
    return head + "".join(text.render_report(r, verbose_output=False) for r in result.exercises) + "\n"
