"""The learner's commands: list, check, hint, reset, solution, shell completion, and opening the app."""

from __future__ import annotations

import sys

from tutor import extras, passes
from tutor.grading.needs import limits_for
from tutor.grading.report import PASSED, SKIPPED, TODO, UNGRADABLE
from tutor.reporters import json_report, text
from tutor.reporters.places import hyperlinks_wanted
from tutor.reporters.progress import TrainingProgress
from tutor.sandbox import isolation
from tutor.sandbox.pool import HeadStart


def open_app(session) -> int:
    from tutor.app import run_app  # noqa: PLC0415  (the only place the CLI imports Textual)

    return run_app(session)


def list_exercises(session) -> int:
    workspace = session.workspace()
    progress = workspace.progress.load()
    if workspace.progress.warning:
        print(f"dltutor: {workspace.progress.warning}", file=sys.stderr)
    rows = [{
        "id": e.id, "title": e.title, "chapter": e.chapter,
        "file": str(workspace.path_for(e)), "status": progress.get(e.id).status if e.id in progress else TODO,
    } for e in session.course.exercises]
    if session.args.json:
        sys.stdout.write(json_report.dumps(rows))
        return 0
    chapter = None
    width = max(len(e.id) for e in session.course.exercises)
    files = max(len(e.file) for e in session.course.exercises)
    print(f"Your files are in {workspace.root}")
    for exercise, row in zip(session.course.exercises, rows):
        if exercise.chapter != chapter:
            chapter = exercise.chapter
            print(exercise.chapter_title)
        print(f"  {text.status_word(row['status']):<14} {row['id']:<{width}}  {exercise.file:<{files}}  {row['title']}")
    return 0


def check(session) -> int:
    exercise = session.exercise(session.args.exercise)
    level = isolation.resolve(session.args.isolation)
    # The sandbox starts first: its interpreter comes up while this one imports the grader.
    head_start = HeadStart(limits_for(exercise), level) if extras.missing_for(exercise) is None else None
    workspace = session.workspace()
    progress = TrainingProgress()
    try:
        from tutor.grading.grader import grade  # noqa: PLC0415  (numpy and the grader, after the launch)

        report = grade(session.course, exercise, workspace.root, seed=session.seed, isolation=level,
                       on_event=progress, sandbox_factory=head_start.acquire if head_start else None)
    finally:
        progress.close()
        if head_start:
            head_start.close()
    workspace.progress.record(report)
    passes.record(session.course, report)
    if workspace.progress.warning:
        print(f"dltutor: {workspace.progress.warning}", file=sys.stderr)
    if session.args.json:
        sys.stdout.write(json_report.report_json(report))
    else:
        sys.stdout.write(text.render_report(report, exercise.title, root=workspace.root,
                                            links=hyperlinks_wanted(sys.stdout)))
        if not report.passed and exercise.hints and report.source_sha256:  # a hint cannot bring a file back
            print(f"\nStuck? `dltutor hint {exercise.id}` shows a hint.")
    return 0 if report.status in (PASSED, SKIPPED) else 2 if report.status == UNGRADABLE else 1


def hint(session) -> int:
    exercise = session.exercise(session.args.exercise)
    workspace = session.workspace()
    shown = workspace.progress.reveal_hint(exercise.id, len(exercise.hints)).hints_shown
    if getattr(session.args, "json", False):
        sys.stdout.write(json_report.dumps({"exercise": exercise.id, "shown": shown, "total": len(exercise.hints),
                                            "hints": list(exercise.hints[:shown])}))
        return 0
    for number, hint_text in enumerate(exercise.hints[:shown], start=1):
        print(f"Hint {number} of {len(exercise.hints)}: {hint_text}")
    if shown == len(exercise.hints):
        print("(that was the last hint)")
    return 0


def reset(session) -> int:
    exercise = session.exercise(session.args.exercise)
    workspace = session.workspace()
    backup = workspace.reset(exercise)
    if getattr(session.args, "json", False):
        sys.stdout.write(json_report.dumps({"exercise": exercise.id, "file": str(workspace.path_for(exercise)),
                                            "backup": str(backup) if backup else None}))
        return 0
    print(f"Restored the starter of {exercise.id} at {workspace.path_for(exercise)}")
    if backup:
        print(f"Your previous file is kept at {backup}")
    return 0


def solution(session) -> int:
    """The reference, for a pass this grader can vouch for: a pass it recorded for the file as it is
    now, or else a fresh check of it (the progress file is the learner's to edit: it proves nothing)."""
    exercise = session.exercise(session.args.exercise)
    workspace = session.workspace()
    if not passes.passed(session.course, exercise, workspace.root):
        print(f"dltutor: checking {exercise.file} first: the solution opens for a file that passes",
              file=sys.stderr)
        from tutor.grading.grader import grade  # noqa: PLC0415

        report = grade(session.course, exercise, workspace.root, seed=session.seed,
                       isolation=isolation.resolve(None))
        workspace.progress.record(report)
        passes.record(session.course, report)
        if not report.passed:
            print(f"dltutor: the solution of {exercise.id} opens once your file passes "
                  f"(`dltutor check {exercise.id}` says what is missing; `dltutor hint {exercise.id}` helps)",
                  file=sys.stderr)
            return 1
    sys.stdout.write(exercise.solution_path.read_text(encoding="utf-8"))
    return 0


def completion(session) -> int:
    """The shell's completion script, from argcomplete (it asks `dltutor` itself what to complete,
    so new commands and options, and the course's exercise ids, complete without regenerating it)."""
    import argcomplete  # noqa: PLC0415  (imported when first needed)

    sys.stdout.write(argcomplete.shellcode(["dltutor"], shell=session.args.shell))
    return 0
