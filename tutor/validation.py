"""Proves a course is sound: references pass with full points; starters and mutants fail as intended."""

from __future__ import annotations

import random
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tutor import dataset_cache
from tutor.course import Course, Exercise
from tutor.grading.grader import TRAINING_SEED, grade
from tutor.grading.warm import WarmSupply
from tutor.grading.report import PASSED, SKIPPED, GradeReport
from tutor.sandbox.isolation import Isolation
from tutor.scaffold import PLACEHOLDER, placeholders


CALIBRATION_MARGIN = 0.02  # accuracy: the target at least this far under the worst seed
CALIBRATION_RELATIVE_MARGIN = 0.10  # error metrics: the target at least 10% above the worst seed
# `grade` draws a fresh seed per run, so every reference must pass and every mutant be named at
# any seed: each is proven at the default seed and at this many random ones.
RANDOM_SEEDS = 3


@dataclass(frozen=True)
class Finding:
    exercise: str
    ok: bool
    what: str
    detail: str = ""
    skipped: bool = False  # could not be proven here (an optional dataset is not cached): not a problem


def grade_candidate(course: Course, exercise: Exercise, candidate: Path, seed: int,
                    isolation: Isolation | None = None, warm: WarmSupply | None = None,
                    training_seed: int = TRAINING_SEED) -> GradeReport:
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
        return grade(course, exercise, root, seed=seed, isolation=isolation, training_seed=training_seed,
                     **options)


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


def _seeds(exercise: Exercise, seed: int, draw: random.Random) -> list[int]:
    """The run seeds a reference and its mutants are proven at. An architecture exercise's verdict
    does not depend on the run seed (its checks generate no inputs; training has a seed of its
    own), so the default seed proves it."""
    if exercise.mode == "architecture":
        return [seed]
    return [seed] + [draw.randrange(1, 2**31 - 1) for _ in range(RANDOM_SEEDS)]


def _merge(exercise: Exercise, kind: str, findings: list[Finding], seeds: list[int]) -> Finding:
    """One finding for a candidate proven at several seeds: the first failure, naming its seed."""
    if len(seeds) == 1:
        return findings[0]
    what = f"{findings[0].what} (seed {seeds[0]} and {len(seeds) - 1} random seeds)"
    for finding, seed in zip(findings, seeds):
        if not finding.ok:
            return Finding(finding.exercise, False, what, f"at seed {seed}: {finding.detail}", finding.skipped)
    return Finding(findings[0].exercise, True, what, findings[0].detail, findings[0].skipped)


def validate_course(course: Course, exercise_ids: list[str] | None = None, *, seed: int, jobs: int = 2,
                    isolation: Isolation | None = None) -> list[Finding]:
    """Every finding for the chosen exercises (all by default), in course order."""
    exercises = [course.get(i) for i in exercise_ids] if exercise_ids else list(course.exercises)
    draw = random.Random()  # fresh seeds every validation: a mutant named at one seed is named at all
    jobs_list = []
    for exercise in exercises:
        seeds = _seeds(exercise, seed, draw)
        for run_seed in seeds:
            jobs_list.append((exercise, "reference", exercise.solution_path, exercise.solution_path, run_seed))
            jobs_list += [(exercise, "mutant", m, m.path, run_seed) for m in exercise.mutants]
        jobs_list.append((exercise, "starter", exercise.starter_path, exercise.starter_path, seed))
        if exercise.training and not _unavailable(exercise):  # the reference retrained on more seeds
            extra = range(1, exercise.training.calibration_seeds)
            jobs_list += [(exercise, "calibration", TRAINING_SEED + k, exercise.solution_path, seed) for k in extra]

    warm = WarmSupply(isolation)

    def run(job):
        exercise, kind, candidate, path, run_seed = job
        if kind == "calibration":
            return job, grade_candidate(course, exercise, path, run_seed, isolation, warm, training_seed=candidate)
        report = grade_candidate(course, exercise, path, run_seed, isolation, warm)
        return job, (_judge(exercise, kind, candidate, report), report)

    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            done = list(pool.map(run, jobs_list))
    finally:
        warm.close()
    findings = []
    for exercise in exercises:
        findings += _static_findings(exercise)
        mine = [(job, value) for job, value in done if job[0].id == exercise.id]
        by_candidate: dict[tuple[str, Path], list] = {}
        for (_, kind, _, path, run_seed), value in mine:
            if kind != "calibration":
                by_candidate.setdefault((kind, path), []).append((value[0], run_seed))
        for (kind, _), proven in by_candidate.items():
            findings.append(_merge(exercise, kind, [f for f, _ in proven], [s for _, s in proven]))
        if why := _unavailable(exercise):
            findings.append(Finding(exercise.id, True, "calibration", f"not run: {why}", skipped=True))
        elif exercise.training:
            trained = [value[1] for (_, kind, _, _, run_seed), value in mine if kind == "reference" and run_seed == seed]
            trained += [value for (_, kind, *_), value in mine if kind == "calibration"]
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
