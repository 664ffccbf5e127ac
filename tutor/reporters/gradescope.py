"""Gradescope's results.json: one per submission, a test per check, totals that add up (DESIGN §5)."""

from __future__ import annotations

from tutor.grading.report import PASSED, SKIPPED, GradeReport


def _test(report: GradeReport, name: str, status: str, score: float, max_score: float, message: str) -> dict:
    if status == SKIPPED:
        return {"name": f"{report.exercise}: {name}", "score": 0.0, "max_score": 0.0, "status": PASSED,
                "output": f"skipped: {message}".rstrip(": "), "visibility": "visible"}
    output = message if status in (PASSED, "failed") else f"{status}: {message}"
    return {"name": f"{report.exercise}: {name}", "score": score, "max_score": max_score,
            "status": PASSED if status == PASSED else "failed", "output": output, "visibility": "visible"}


def _tests(report: GradeReport) -> list[dict]:
    if not report.checks:
        return [_test(report, "(exercise)", report.status, report.score, report.max_score, report.message)]
    tests = [_test(report, c.name, c.status, c.points, c.max_points, c.message) for c in report.checks]
    crashed = next((t for t, c in zip(tests, report.checks) if c.status == "error"), None)
    if crashed is not None and report.traceback.strip():
        crashed["output"] += "\n\nYour code raised:\n" + report.traceback
    return tests


def results(result) -> dict:
    """The results.json of one SubmissionResult."""
    tests = [test for report in result.exercises for test in _tests(report)]
    lines = [f"{r.exercise}: {r.status} {r.score:g}/{r.max_score:g}" for r in result.exercises]
    if result.message:
        lines.insert(0, f"{result.status}: {result.message}")
        if not tests:
            tests = [{"name": "(submission)", "score": 0.0, "max_score": 0.0, "status": "failed",
                      "output": result.message, "visibility": "visible"}]
    first = result.exercises[0] if result.exercises else None
    return {
        "score": sum(t["score"] for t in tests),
        "execution_time": round(sum(r.duration_s for r in result.exercises), 3),
        "output": "\n".join(lines),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {
            "status": result.status,
            "max_score": sum(t["max_score"] for t in tests),
            "seed": first.seed if first else None,
            "isolation": first.isolation if first else {},
            "device": first.device if first else {},
            "versions": first.versions if first else {},
        },
    }
