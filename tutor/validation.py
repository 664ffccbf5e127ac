"""Proves a course is sound: references pass with full points; starters and mutants fail as intended."""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tutor import dataset_cache
from tutor.course import Course, Exercise
from tutor.grading.grader import grade
from tutor.grading.warm import WarmSupply
from tutor.grading.report import PASSED, SKIPPED, GradeReport
from tutor.sandbox.isolation import Isolation
from tutor.scaffold import PLACEHOLDER, placeholders


CALIBRATION_MARGIN = 0.02  # accuracy: the target at least this far under the worst seed
CALIBRATION_RELATIVE_MARGIN = 0.10  # error metrics: the target at least 10% above the worst seed


@dataclass(frozen=True)
class Finding:
    exercise: str
    ok: bool
    what: str
    detail: str = ""
    skipped: bool = False  # could not be proven here (an optional dataset is not cached): not a problem


def grade_candidate(course: Course, exercise: Exercise, candidate: Path, seed: int,
                    isolation: Isolation | None = None, warm: WarmSupply | None = None) -> GradeReport:
    """Grade ``candidate`` as if it were the learner's file, with references for earlier exercises."""
    with tempfile.TemporaryDirectory(prefix="dltutor-validate-") as tmp:
        root = Path(tmp)
        for used in exercise.uses:
            used_exercise = course.get(used)
            (root / used_exercise.file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(used_exercise.solution_path, root / used_exercise.file)
        (root / exercise.file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(candidate, root / exercise.file)
        options = warm.options(exercise) if warm else {}
        return grade(course, exercise, root, seed=seed, isolation=isolation, **options)


def _messages(report: GradeReport) -> str:
    return "\n".join([report.message] + [c.message for c in report.checks])


def _static_findings(exercise: Exercise) -> list[Finding]:
    findings = []
    if not 2 <= len(exercise.hints) <= 4:
        findings.append(Finding(exercise.id, False, "hints", f"has {len(exercise.hints)} hints; write 2 to 4"))
    if not exercise.lesson_path.read_text(encoding="utf-8").strip():
        findings.append(Finding(exercise.id, False, "lesson", f"{exercise.lesson_path} is empty"))
    if not exercise.mutants:
        findings.append(Finding(exercise.id, False, "mutants", "no mutants: add at least one typical mistake"))
    files = [exercise.folder / "exercise.toml", exercise.lesson_path, exercise.starter_path,
             exercise.checks_path, exercise.solution_path, *(m.path for m in exercise.mutants)]
    if left := placeholders(files):
        findings.append(Finding(exercise.id, False, "no author placeholders left",
                                f"{PLACEHOLDER} still in " + ", ".join(left)))
    return findings


def _judge(exercise: Exercise, kind: str, candidate, report: GradeReport) -> Finding:
    if kind == "reference" and (why := _unavailable(exercise)):
        ok = all(c.status in (PASSED, SKIPPED) for c in report.checks) and report.score > 0
        detail = why if ok else f"{report.status}: " + _first_problem(report)
        return Finding(exercise.id, ok, "reference passes its model checks (not trained here)", detail, ok)
    if kind == "reference":
        ok = report.status == PASSED and report.score == report.max_score > 0
        detail = "" if ok else f"{report.status} {report.score:g}/{report.max_score:g}: " + _first_problem(report)
        return Finding(exercise.id, ok, "reference passes with full points", detail)
    if kind == "starter":
        ok = report.status != PASSED
        return Finding(exercise.id, ok, "starter fails", "" if ok else "the starter passes every check")
    mutant = candidate
    wanted = mutant.expect or mutant.mistake
    if report.status == PASSED:
        return Finding(exercise.id, False, f"mutant {mutant.name} fails", "the mutant passes every check")
    ok = wanted in _messages(report)
    detail = "" if ok else f"fails, but no message names the mistake ({wanted!r}); got: {_first_problem(report)}"
    return Finding(exercise.id, ok, f"mutant {mutant.name} fails with its message", detail)


def _unavailable(exercise: Exercise) -> str | None:
    """Why ``exercise`` cannot train here (its optional dataset is not cached), or None."""
    return dataset_cache.missing(exercise.training.dataset) if exercise.training else None


def _first_problem(report: GradeReport) -> str:
    for check in report.checks:
        if check.status != PASSED:
            return f"[{check.name}] {check.message}"[:400]
    return report.message[:400]


def validate_course(course: Course, exercise_ids: list[str] | None = None, *, seed: int, jobs: int = 2,
                    isolation: Isolation | None = None) -> list[Finding]:
    """Every finding for the chosen exercises (all by default), in course order."""
    exercises = [course.get(i) for i in exercise_ids] if exercise_ids else list(course.exercises)
    jobs_list = []
    for exercise in exercises:
        jobs_list.append((exercise, "reference", exercise.solution_path, exercise.solution_path))
        jobs_list.append((exercise, "starter", exercise.starter_path, exercise.starter_path))
        jobs_list += [(exercise, "mutant", m, m.path) for m in exercise.mutants]
        if exercise.training and not _unavailable(exercise):  # the reference retrained on more seeds
            extra = range(1, exercise.training.calibration_seeds)
            jobs_list += [(exercise, "calibration", seed + k, exercise.solution_path) for k in extra]

    warm = WarmSupply(isolation)

    def run(job):
        exercise, kind, candidate, path = job
        if kind == "calibration":
            return exercise, kind, grade_candidate(course, exercise, path, candidate, isolation, warm)
        report = grade_candidate(course, exercise, path, seed, isolation, warm)
        return exercise, kind, (_judge(exercise, kind, candidate, report), report)

    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            done = list(pool.map(run, jobs_list))
    finally:
        warm.close()
    findings = []
    for exercise in exercises:
        findings += _static_findings(exercise)
        mine = [(kind, value) for e, kind, value in done if e.id == exercise.id]
        findings += [value[0] for kind, value in mine if kind != "calibration"]
        if why := _unavailable(exercise):
            findings.append(Finding(exercise.id, True, "calibration", f"not run: {why}", skipped=True))
        elif exercise.training:
            trained = [value[1] for kind, value in mine if kind == "reference"]
            trained += [value for kind, value in mine if kind == "calibration"]
            findings.append(calibration_finding(exercise, trained))
    return findings


def calibration_finding(exercise: Exercise, reports: list[GradeReport]) -> Finding:
    """The target sits at least the margin of DESIGN §4 inside the reference's worst seed."""
    spec = exercise.training
    values = [r.training.get("value") for r in reports]
    what = f"target {spec.metric} {spec.target:g} holds for the reference over {len(reports)} seeds"
    if any(v is None for v in values):
        return Finding(exercise.id, False, what, "the reference did not train on every seed: "
                       + "; ".join(_first_problem(r) for r in reports if not r.training))
    shown = ", ".join(f"{v:.4f}" for v in values)
    if spec.higher_is_better:
        worst, margin = min(values), CALIBRATION_MARGIN
        ok = worst - spec.target >= margin
        detail = f"worst seed {worst:.4f} is less than {margin} above the target {spec.target:g} ({shown})"
    else:
        worst, margin = max(values), spec.target * CALIBRATION_RELATIVE_MARGIN
        ok = spec.target - worst >= margin
        detail = f"worst seed {worst:.4g} is not {margin:.3g} under the target {spec.target:g} ({shown})"
    return Finding(exercise.id, ok, what, "" if ok else detail)
