"""What a class got wrong, at a glance: per exercise, how many passed and how many matched each known mistake."""

from __future__ import annotations

from collections import Counter

from tutor.grading.report import PASSED, STATUSES, UNGRADABLE


def class_summary(results) -> dict:
    """The summary of a list of SubmissionResults as plain data (the JSON form).

    Each submission counts once per exercise: a mistake matched by three checks of one learner's
    file is one learner with that mistake. A submission that could not be graded at all (no
    exercises) counts under ``ungradable`` for every exercise, so "9 of 40" is always of the class.
    """
    total = len(results)
    order: list[str] = []
    statuses: dict[str, Counter] = {}
    mistakes: dict[str, Counter] = {}
    for result in results:
        for report in result.exercises:
            if report.exercise not in statuses:
                order.append(report.exercise)
                statuses[report.exercise], mistakes[report.exercise] = Counter(), Counter()
            statuses[report.exercise][report.status] += 1
            for mistake in {c.mistake for c in report.checks if c.mistake}:
                mistakes[report.exercise][mistake] += 1
    unreported = {e: total - sum(statuses[e].values()) for e in order}
    exercises = []
    for exercise in order:
        counts = statuses[exercise]
        counts[UNGRADABLE] += unreported[exercise]
        exercises.append({
            "exercise": exercise,
            "submissions": total,
            "passed": counts[PASSED],
            "statuses": {s: counts[s] for s in STATUSES if counts[s]},
            # most common first; equal counts in name order, so the summary is deterministic
            "mistakes": [{"mistake": m, "count": n}
                         for m, n in sorted(mistakes[exercise].items(), key=lambda item: (-item[1], item[0]))],
        })
    return {"submissions": total, "passed": sum(r.status == PASSED for r in results), "exercises": exercises}


def _status_counts(entry: dict) -> str:
    return ", ".join(f"{n} {s}" for s, n in entry["statuses"].items() if s != PASSED)


def render_text(summary: dict) -> str:
    """The summary as the last lines of a class's text report."""
    total = summary["submissions"]
    lines = [f"== class summary: {summary['passed']} of {total} submission(s) passed everything =="]
    width = max((len(e["exercise"]) for e in summary["exercises"]), default=0)
    for entry in summary["exercises"]:
        others = _status_counts(entry)
        lines.append(f"  {entry['exercise']:<{width}}  {entry['passed']} of {total} passed"
                     + (f" ({others})" if others else ""))
        for mistake in entry["mistakes"]:
            lines.append(f"  {'':<{width}}    {mistake['mistake']}: {mistake['count']} of {total}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: no pipe or newline ends the cell, no markup is started."""
    for char in "\\|*_`[]<>#":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def render_markdown(summary: dict) -> str:
    """The summary as Markdown, for a CI job summary (``$GITHUB_STEP_SUMMARY``)."""
    total = summary["submissions"]
    lines = ["## dltutor: class summary", "",
             f"{summary['passed']} of {total} submission(s) passed every exercise.", "",
             "| exercise | passed | other results | known mistakes matched |", "|---|---|---|---|"]
    for entry in summary["exercises"]:
        mistakes = "<br>".join(f"{_cell(m['mistake'])}: {m['count']} of {total}" for m in entry["mistakes"])
        lines.append(f"| {_cell(entry['exercise'])} | {entry['passed']} of {total} | "
                     f"{_status_counts(entry) or '–'} | {mistakes or '–'} |")
    return "\n".join(lines) + "\n"
