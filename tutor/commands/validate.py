"""`dltutor validate`: run the course's own proofs and print each finding (text or JSON)."""

from __future__ import annotations

import sys
import time
from dataclasses import asdict

from tutor.reporters.progress import Working
from tutor.validation import validate_course


def validate_command(session) -> int:
    course = session.course
    ids = session.args.exercise or None
    for exercise_id in ids or []:
        session.exercise(exercise_id)
    started = time.monotonic()
    count = len(ids) if ids else len(course.exercises)
    with Working(f"validating {count} exercise(s)"):
        findings = validate_course(course, ids, seed=session.seed, jobs=session.args.jobs)
    bad = [f for f in findings if not f.ok]
    count = len({f.exercise for f in findings})
    skipped = sum(f.skipped for f in findings)
    elapsed = time.monotonic() - started
    if getattr(session.args, "json", False):
        from tutor.reporters import json_report  # noqa: PLC0415  (only for --json)

        sys.stdout.write(json_report.dumps({
            "course": {"name": course.name, "version": course.version, "root": str(course.root)},
            "ok": not bad, "exercises": count, "problems": len(bad), "not_provable_here": skipped,
            "duration_s": round(elapsed, 3), "findings": [asdict(f) for f in findings]}))
        return 1 if bad else 0
    for finding in findings:
        mark = "↷ skip" if finding.skipped else "✔ ok  " if finding.ok else "✘ FAIL"
        print(f"{mark} {finding.exercise:<16} {finding.what}" + (f"\n         {finding.detail}" if finding.detail else ""))
    print(f"\n{count} exercise(s), {len(findings)} finding(s), {len(bad)} problem(s)"
          + (f", {skipped} not provable here" if skipped else "") + f" in {elapsed:.1f} s")
    return 1 if bad else 0
