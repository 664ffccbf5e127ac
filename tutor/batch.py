"""Grades many submissions (workspaces) in parallel without touching their progress."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tutor.course import Course
from tutor.grading.grader import grade
from tutor.grading.warm import WarmSupply
from tutor.grading.report import PASSED, SKIPPED, UNGRADABLE, GradeReport, worst
from tutor.locations import is_workspace
from tutor.sandbox.isolation import Isolation


@dataclass(frozen=True)
class Submission:
    name: str
    path: Path
    problem: str = ""  # why it cannot be graded at all, if so


@dataclass(frozen=True)
class SubmissionResult:
    submission: str
    status: str
    score: float
    max_score: float
    exercises: tuple[GradeReport, ...] = field(default_factory=tuple)
    message: str = ""

    @property
    def duration_s(self) -> float:
        """Time spent grading it, summed over its exercises (they may have run in parallel)."""
        return round(sum(r.duration_s for r in self.exercises), 3)

    def to_dict(self) -> dict:
        return {"submission": self.submission, "status": self.status, "score": self.score,
                "max_score": self.max_score, "message": self.message, "duration_s": self.duration_s,
                "exercises": [r.to_dict() for r in self.exercises]}

    @classmethod
    def from_dict(cls, data: dict) -> "SubmissionResult":
        return cls(data["submission"], data["status"], data["score"], data["max_score"],
                   tuple(GradeReport.from_dict(r) for r in data["exercises"]), data.get("message", ""))


def find_submissions(paths: list[Path]) -> list[Submission]:
    """Each path is a workspace, or a folder whose subfolders are workspaces; sorted by name."""
    found = []
    for path in map(Path, paths):
        if is_workspace(path):
            found.append(Submission(path.resolve().name, path.resolve()))
        elif path.is_dir():
            for child in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
                problem = "" if is_workspace(child) else "not a dltutor workspace (no .dltutor/ folder)"
                found.append(Submission(child.name, child.resolve(), problem))
        else:
            found.append(Submission(path.name, path, "no such folder"))
    return sorted(found, key=lambda s: s.name)


def exit_code(results) -> int:
    """0 if everything passed or was skipped, 2 if anything was ungradable, otherwise 1."""
    statuses = [r.status for r in results]
    if UNGRADABLE in statuses:
        return 2
    return 0 if all(s in (PASSED, SKIPPED) for s in statuses) else 1


def summarize(name: str, reports: list[GradeReport], message: str = "") -> SubmissionResult:
    status = worst(r.status for r in reports) if reports else UNGRADABLE
    return SubmissionResult(name, status, sum(r.score for r in reports),
                            sum(r.max_score for r in reports), tuple(reports), message)


def grade_submissions(course: Course, submissions: list[Submission], exercise_ids: list[str], *,
                      jobs: int, seed: int, isolation: Isolation,
                      on_done: Callable[[SubmissionResult], None] | None = None) -> list[SubmissionResult]:
    """Grade every (submission, exercise) pair on ``jobs`` threads; results in submission order."""
    exercises = [course.get(i) for i in exercise_ids]
    pending = {s.name: {} for s in submissions if not s.problem}
    results: dict[str, SubmissionResult] = {}
    lock = threading.Lock()
    for s in submissions:
        if s.problem:
            results[s.name] = summarize(s.name, [], s.problem)
            if on_done:
                on_done(results[s.name])

    warm = WarmSupply(isolation)  # the next submission's sandbox starts while this one is graded

    def run(submission: Submission, index: int):
        try:
            report = grade(course, exercises[index], submission.path, seed=seed, isolation=isolation,
                           **warm.options(exercises[index]))
        except Exception as exc:  # noqa: BLE001  (one grader fault must not stop the class)
            report = GradeReport(exercises[index].id, UNGRADABLE, 0.0, 0.0, seed=seed,
                                 isolation=isolation.to_dict(),
                                 message=f"grader fault: {type(exc).__name__}: {exc}")
        with lock:
            done = pending[submission.name]
            done[index] = report
            if len(done) < len(exercises):
                return
            results[submission.name] = summarize(submission.name, [done[i] for i in range(len(exercises))])
        if on_done:
            on_done(results[submission.name])

    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [pool.submit(run, s, i) for s in submissions if not s.problem for i in range(len(exercises))]
            for future in futures:
                future.result()
    finally:
        warm.close()
    return [results[s.name] for s in submissions]
