"""`dltutor validate`: run the course's own proofs and print each finding."""

from __future__ import annotations

import time

from tutor.validation import validate_course


def validate_command(session) -> int:
    course = session.course
    ids = session.args.exercise or None
    for exercise_id in ids or []:
        session.exercise(exercise_id)
    started = time.monotonic()
    findings = validate_course(course, ids, seed=session.seed, jobs=session.args.jobs)
    bad = [f for f in findings if not f.ok]
    for finding in findings:
        mark = "↷ skip" if finding.skipped else "✔ ok  " if finding.ok else "✘ FAIL"
        print(f"{mark} {finding.exercise:<16} {finding.what}" + (f"\n         {finding.detail}" if finding.detail else ""))
    count = len({f.exercise for f in findings})
    skipped = sum(f.skipped for f in findings)
    print(f"\n{count} exercise(s), {len(findings)} finding(s), {len(bad)} problem(s)"
          + (f", {skipped} not provable here" if skipped else "") + f" in {time.monotonic() - started:.1f} s")
    return 1 if bad else 0
