"""Gradescope's results.json: one per submission, a test per check, totals that add up (docs/architecture.md, Invariants).

The fields follow Gradescope's autograder specification: top-level ``score``, ``execution_time``,
``output``, ``visibility``, ``stdout_visibility``, ``tests`` and ``leaderboard``; each test has
``name``, ``score``, ``max_score``, ``status`` (passed or failed), ``output`` and ``visibility``
(visible, hidden, after_due_date, after_published).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from tutor.grading.report import PASSED, SKIPPED, GradeReport

VISIBLE = "visible"


@dataclass(frozen=True)
class Options:
    """How an autograder publishes results: visibility by test name, scaling, a leaderboard."""

    visibility: tuple[tuple[str, str], ...] = ()  # (shell-style pattern on "exercise: check", level); last match wins
    points: float | None = None  # scale every score so the assignment is worth this many points
    leaderboard: bool = False  # post each training exercise's held-out metric
    extra: dict = field(default_factory=dict)  # more extra_data (the autograder's own facts)

    def visibility_of(self, name: str) -> str:
        level = VISIBLE
        for pattern, chosen in self.visibility:
            if fnmatchcase(name, pattern):
                level = chosen
        return level


def _test(report: GradeReport, name: str, status: str, score: float, max_score: float, message: str) -> dict:
    if status == SKIPPED:
        return {"name": f"{report.exercise}: {name}", "score": 0.0, "max_score": 0.0, "status": PASSED,
                "output": f"skipped: {message}".rstrip(": "), "visibility": VISIBLE}
    output = message if status in (PASSED, "failed") else f"{status}: {message}"
    return {"name": f"{report.exercise}: {name}", "score": score, "max_score": max_score,
            "status": PASSED if status == PASSED else "failed", "output": output, "visibility": VISIBLE}


def _tests(report: GradeReport) -> list[dict]:
    if not report.checks:
        return [_test(report, "(exercise)", report.status, report.score, report.max_score, report.message)]
    tests = [_test(report, c.name, c.status, c.points, c.max_points, c.message) for c in report.checks]
    crashed = next((t for t, c in zip(tests, report.checks) if c.status == "error"), None)
    if crashed is not None and report.traceback.strip():
        crashed["output"] += "\n\nYour code raised:\n" + report.traceback
    return tests


def _scale(tests: list[dict], points: float | None) -> None:
    """Every score times points / (the total of max_score), so the totals come out at ``points``."""
    total = sum(t["max_score"] for t in tests)
    if not points or total <= 0:
        return
    factor = points / total
    for test in tests:
        test["score"] = round(test["score"] * factor, 6)
        test["max_score"] = round(test["max_score"] * factor, 6)


def _leaderboard(result) -> list[dict]:
    """One entry per trained exercise: its held-out metric (higher accuracy first, lower error first)."""
    board = []
    for report in result.exercises:
        training = report.training or {}
        if isinstance(training.get("value"), (int, float)) and training.get("metric"):
            board.append({"name": f"{report.exercise} {training['metric']}", "value": round(float(training["value"]), 4),
                          "order": "desc" if training["metric"] == "accuracy" else "asc"})
    return board


def results(result, options: Options | None = None) -> dict:
    """The results.json of one SubmissionResult."""
    options = options or Options()
    tests = [test for report in result.exercises for test in _tests(report)]
    for test in tests:
        test["visibility"] = options.visibility_of(test["name"])
    # The summary line of an exercise with a hidden check would give its score away: left out.
    hidden = {t["name"].split(": ", 1)[0] for t in tests if t["visibility"] != VISIBLE}
    lines = [f"{r.exercise}: {r.status} {r.score:g}/{r.max_score:g}" for r in result.exercises if r.exercise not in hidden]
    if result.message:
        lines.insert(0, f"{result.status}: {result.message}")
        if not tests:
            tests = [{"name": "(submission)", "score": 0.0, "max_score": 0.0, "status": "failed",
                      "output": result.message, "visibility": VISIBLE}]
    unscaled_max = sum(t["max_score"] for t in tests)
    _scale(tests, options.points)
    first = result.exercises[0] if result.exercises else None
    out = {
        "score": round(sum(t["score"] for t in tests), 6),
        "execution_time": round(sum(r.duration_s for r in result.exercises), 3),
        "output": "\n".join(lines),
        "visibility": VISIBLE,
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {
            "status": result.status,
            "max_score": round(sum(t["max_score"] for t in tests), 6),
            "unscaled_max_score": unscaled_max,
            "seed": first.seed if first else result.seed,
            "isolation": first.isolation if first else {},
            "device": first.device if first else {},
            "versions": first.versions if first else {},
            **options.extra,
        },
    }
    if options.leaderboard:
        out["leaderboard"] = _leaderboard(result)
    return out


def fatal(reason: str, extra: dict | None = None) -> dict:
    """The results.json of a run that could not grade at all: one failed test saying why, so
    Gradescope shows the reason instead of "the autograder failed to produce any results"."""
    return {"score": 0.0, "execution_time": 0.0, "visibility": VISIBLE, "stdout_visibility": "hidden",
            "output": f"The autograder could not grade this submission: {reason}",
            "tests": [{"name": "autograder", "score": 0.0, "max_score": 0.0, "status": "failed",
                       "output": reason, "visibility": VISIBLE}],
            "extra_data": {"status": "ungradable", **(extra or {})}}
