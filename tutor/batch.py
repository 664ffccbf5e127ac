"""Grades many submissions (workspaces, or uploaded files) in parallel without touching their progress."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from tutor.course import Course
from tutor.grading.grader import grade
from tutor.grading.report import ERROR, PASSED, SKIPPED, STATUSES, UNGRADABLE, GradeReport, worst
from tutor.grading.warm import WarmSupply
from tutor.locations import is_workspace, pretrained_cache
from tutor.safe_text import clean, display_name
from tutor.sandbox import reach
from tutor.sandbox.isolation import Isolation, IsolationUnavailable
from tutor.uploads import course_view, locate, looks_like_upload


@dataclass(frozen=True)
class Submission:
    name: str  # as shown in every report: the folder's name, made safe (``safe_text.display_name``)
    path: Path
    problem: str = ""  # why it cannot be graded at all, if so
    problem_status: str = UNGRADABLE  # a layout fault; a submitted link is the learner's error
    files: tuple[tuple[str, str], ...] = ()  # exercise id → its file in an upload (a workspace: none)

    def course(self, course: Course) -> Course:
        """The course as this submission is graded: exercises pointing at the files it holds."""
        return course_view(course, dict(self.files))


@dataclass(frozen=True)
class SubmissionResult:
    submission: str
    status: str
    score: float
    max_score: float
    exercises: tuple[GradeReport, ...] = field(default_factory=tuple)
    message: str = ""
    seed: int | None = None  # the run's seed for generated inputs (``grade --seed`` reproduces it)

    @property
    def duration_s(self) -> float:
        """Time spent grading it, summed over its exercises (they may have run in parallel)."""
        return round(sum(r.duration_s for r in self.exercises), 3)

    def to_dict(self) -> dict:
        return {"submission": self.submission, "status": self.status, "score": self.score,
                "max_score": self.max_score, "message": self.message, "duration_s": self.duration_s,
                "seed": self.seed, "exercises": [r.to_dict() for r in self.exercises]}

    @classmethod
    def from_dict(cls, data: dict) -> SubmissionResult:
        """A record read back from a JSON result file (a shard): its text made safe again."""
        if data["status"] not in STATUSES:
            raise ValueError(f"unknown status {data['status']!r}")
        seed = data.get("seed")
        return cls(display_name(str(data["submission"])), data["status"], float(data["score"]),
                   float(data["max_score"]), tuple(GradeReport.from_dict(r) for r in data["exercises"]),
                   clean(data.get("message", ""), 8000), seed if type(seed) is int else None)

    def stand_in(self, why: str) -> SubmissionResult:
        """This submission as ``ungradable`` with the reason, when its own report could not be made."""
        return SubmissionResult(self.submission, UNGRADABLE, 0.0, self.max_score, (), clean(why, 2000), self.seed)


LINKED_SUBMISSION = ("is a symbolic link: each submission must be a folder of its own (a workspace "
                     "with .dltutor/), not a link to another one")


NOTHING_FOUND = ("not a dltutor workspace (no .dltutor/ folder) and holds no exercise file of this course "
                 "(such as {example})")


def upload(path: Path, course: Course, name: str | None = None) -> Submission:
    """One submission however it was uploaded: a workspace, chapter folders or flat files (``uploads``)."""
    path = Path(path)
    shown = name or display_name(path.resolve().name)
    if path.is_symlink():
        return Submission(shown, path, f"{shown} {LINKED_SUBMISSION}", ERROR)
    if not path.is_dir():
        return Submission(shown, path, "no such folder")
    if is_workspace(path):
        return Submission(shown, path.resolve())
    files = locate(path, course)
    if not files:
        example = course.exercises[0].file.rsplit("/", 1)[-1] if course.exercises else "neuron.py"
        return Submission(shown, path.resolve(), NOTHING_FOUND.format(example=example))
    return Submission(shown, path.resolve(), files=tuple(sorted(files.items())))


def find_submissions(paths: list[Path], course: Course) -> list[Submission]:
    """Each path is one submission (a workspace, or uploaded files: ``upload``) or a folder whose
    subfolders are submissions; sorted by name.

    A subfolder that is a link is never followed: it would grade another folder as this one.
    """
    found = []
    for path in map(Path, paths):
        if is_workspace(path) or (path.is_dir() and looks_like_upload(path, course)):
            found.append(upload(path.resolve(), course))  # a path the operator named: followed
        elif path.is_dir():
            for child in sorted(p for p in path.iterdir() if not p.name.startswith(".")):
                if child.is_symlink() or child.is_dir():
                    found.append(upload(child, course, display_name(child.name)))
        else:
            found.append(Submission(display_name(path.name), path, "no such folder"))
    return _unique(sorted(found, key=lambda s: s.name))


def _unique(submissions: list[Submission]) -> list[Submission]:
    """Reports key submissions by name: a name seen twice (two paths given) gets a number."""
    seen: dict[str, int] = {}
    out = []
    for submission in submissions:
        count = seen[submission.name] = seen.get(submission.name, 0) + 1
        out.append(submission if count == 1 else replace(submission, name=f"{submission.name}#{count}"))
    return out


def exit_code(results) -> int:
    """docs/architecture.md, Invariants: 0 if everything passed or was skipped, 2 if anything was ungradable, otherwise 1."""
    statuses = [r.status for r in results]
    if UNGRADABLE in statuses:
        return 2
    return 0 if all(s in (PASSED, SKIPPED) for s in statuses) else 1


def pretrained_weights(course: Course, exercise_ids: list[str]) -> list[Path]:
    """The trainer's cache of pre-trained bases, when an exercise to grade uses one: a sandbox that
    could read it would hold the weights the exercise keeps from learners."""
    if not any((spec := course.get(i).training) and spec.pretrained for i in exercise_ids):
        return []
    cache = pretrained_cache()
    return [cache, *sorted(cache.iterdir())[:reach.MAX_PATHS]] if cache.is_dir() else []


def prove_isolation(course: Course, submissions: list[Submission], exercise_ids: list[str],
                    isolation: Isolation, *, peers: bool) -> None:
    """Before any learner code runs: prove that a sandbox at ``isolation`` can open none of the
    course's solutions and, with ``peers``, no submission's files; else refuse (exit 2) with why."""
    paths = reach.secrets_of(course.root) + pretrained_weights(course, exercise_ids)
    if peers:
        for submission in submissions:
            if not submission.problem:
                files = [submission.course(course).get(i).file for i in exercise_ids]
                paths += [submission.path, submission.path / ".dltutor", *(submission.path / f for f in files)]
    try:
        opened = reach.reachable(paths, isolation)
    except reach.ReachProbeFailed as failed:
        raise IsolationUnavailable(f"could not prove what a sandbox at {isolation.level!r} can read: {failed}") from None
    if opened:
        shown = ", ".join(clean(p, 300) for p in opened[:3]) + (f" and {len(opened) - 3} more" if len(opened) > 3 else "")
        raise IsolationUnavailable(
            f"a sandbox at isolation {isolation.level!r} could read {shown}: grading would let learner code "
            "read what it must not. Make the course pack and the submissions readable only by the grader "
            "(chmod -R go-rwx DIR, with the grader as owner), or grade at standard or strong isolation")


def summarize(name: str, reports: list[GradeReport], message: str = "", *, seed: int | None = None,
              status: str | None = None) -> SubmissionResult:
    status = status or (worst(r.status for r in reports) if reports else UNGRADABLE)
    return SubmissionResult(name, status, sum(r.score for r in reports),
                            sum(r.max_score for r in reports), tuple(reports), message, seed)


def grade_submissions(course: Course, submissions: list[Submission], exercise_ids: list[str], *,
                      jobs: int, seed: int, isolation: Isolation,
                      on_done: Callable[[SubmissionResult], None] | None = None) -> list[SubmissionResult]:
    """Grade every (submission, exercise) pair on ``jobs`` threads; results in submission order."""
    exercises = [course.get(i) for i in exercise_ids]
    pending: dict[str, dict[int, GradeReport]] = {s.name: {} for s in submissions if not s.problem}
    results: dict[str, SubmissionResult] = {}
    lock = threading.Lock()
    for s in submissions:
        if s.problem:
            results[s.name] = summarize(s.name, [], s.problem, seed=seed, status=s.problem_status)
            if on_done:
                on_done(results[s.name])

    # The next submissions' sandboxes start while these are graded, one ahead for each job.
    warm = WarmSupply(isolation, depth=max(1, jobs))

    views = {s.name: s.course(course) for s in submissions if not s.problem}

    def run(submission: Submission, index: int):
        view = views[submission.name]
        try:
            # Without TensorFlow a Keras exercise is ungradable here: a class never scores it as a pass.
            report = grade(view, view.get(exercises[index].id), submission.path, seed=seed, isolation=isolation,
                           without_tensorflow=UNGRADABLE, **warm.options(exercises[index]))
        except Exception as exc:  # noqa: BLE001  (one grader fault must not stop the class)
            report = GradeReport(exercises[index].id, UNGRADABLE, 0.0, 0.0, seed=seed,
                                 isolation=isolation.to_dict(),
                                 message=clean(f"grader fault: {type(exc).__name__}: {exc}", 2000))
        with lock:
            done = pending[submission.name]
            done[index] = report
            if len(done) < len(exercises):
                return
            results[submission.name] = summarize(submission.name, [done[i] for i in range(len(exercises))],
                                                 seed=seed)
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
