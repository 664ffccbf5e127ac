"""Proves a course is sound: references pass with full points; starters and mutants fail as intended;
a training target holds for the reference on every calibration seed with margin, its naive baseline
misses it on every one, and the lesson states what was calibrated."""

from __future__ import annotations

import dataclasses
import random
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tutor import dataset_cache
from tutor.course import Course, Exercise
from tutor.grading.grader import TRAINING_SEED, grade
from tutor.grading.report import PASSED, SKIPPED, GradeReport
from tutor.grading.warm import WarmSupply
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
        for used in course.uses_of(exercise):
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
    if kind in ("reference", "variant"):
        ok = report.status == PASSED and report.score == report.max_score > 0
        detail = "" if ok else f"{report.status} {report.score:g}/{report.max_score:g}: " + _first_problem(report)
        who = "reference" if kind == "reference" else f"variant {candidate.name}"
        return Finding(exercise.id, ok, f"{who} passes with full points", detail)
    if kind == "starter":
        ok = report.status != PASSED
        return Finding(exercise.id, ok, "starter fails", "" if ok else "the starter passes every check")
    mutant = candidate
    wanted = mutant.expect or mutant.mistake
    if report.status == PASSED:
        return Finding(exercise.id, False, f"mutant {mutant.name} fails", "the mutant passes every check")
    ok = wanted in _messages(report)
    if not ok and report.status == SKIPPED and (why := _unavailable(exercise)):
        # a mutant only training shows (it misses the target): it cannot be proven without the data
        return Finding(exercise.id, True, f"mutant {mutant.name} fails with its message (not trained here)", why,
                       skipped=True)
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


def _baseline_candidate(exercise: Exercise, folder: Path) -> Path | None:
    """The baseline as a learner's file: one of the exercise's files, or the reference with its
    builder renamed ``build_model``."""
    baseline = exercise.training.baseline if exercise.training else ""
    if not baseline:
        return None
    if baseline.endswith(".py"):
        return exercise.folder / baseline
    path = folder / f"{exercise.id}_{baseline}.py"
    path.write_text(exercise.solution_path.read_text(encoding="utf-8") + f"\n\nbuild_model = {baseline}\n",
                    encoding="utf-8")
    return path


def _ungated(exercise: Exercise) -> Exercise:
    """The exercise with its structure checks unable to stop training (for training the baseline)."""
    assert exercise.training is not None  # only a training exercise has a baseline
    return dataclasses.replace(exercise, training=dataclasses.replace(
        exercise.training, gate_structure=False, contrast_trained=False))


def _score_only(exercise: Exercise) -> Exercise:
    """The exercise without its contrast training: an extra calibration seed needs the reference's score
    alone (the default seed's grading trains the contrast, so validate still proves it)."""
    assert exercise.training is not None  # only a training exercise is calibrated
    return dataclasses.replace(exercise, training=dataclasses.replace(exercise.training, contrast_trained=False))


def variants(exercise: Exercise) -> list[Path]:
    """The exercise's correct variants, solutions/variants/<id>_*.py: differently written solutions that
    must pass with full points like the reference (a file named after a longer exercise id is that one's)."""
    def owner(stem: str) -> str:
        parts = stem.split("_")
        return next((i for i in ("_".join(parts[:k]) for k in range(len(parts) - 1, 0, -1))
                     if (exercise.folder.parent / i / "exercise.toml").is_file()), "")

    folder = exercise.solution_path.parent / "variants"
    return [path for path in sorted(folder.glob(f"{exercise.id}_*.py")) if owner(path.stem) == exercise.id]


def _jobs(exercises, seed: int, draw: random.Random, folder: Path) -> list[tuple]:
    """Every grading validate runs: (exercise, kind, candidate, path, run seed). Training jobs first,
    so the long ones start while the short ones fill the gaps."""
    slow: list[tuple] = []
    fast: list[tuple] = []
    for exercise in exercises:
        seeds = _seeds(exercise, seed, draw)
        queue = slow if exercise.mode != "numpy" else fast
        for run_seed in seeds:
            queue.append((exercise, "reference", exercise.solution_path, exercise.solution_path, run_seed))
            queue.extend((exercise, "variant", path, path, run_seed) for path in variants(exercise))
            fast.extend((exercise, "mutant", m, m.path, run_seed) for m in exercise.mutants)
        fast.append((exercise, "starter", exercise.starter_path, exercise.starter_path, seed))
        if exercise.training and not _unavailable(exercise):  # the reference retrained on more seeds
            training_seeds = [TRAINING_SEED + k for k in range(exercise.training.calibration_seeds)]
            slow.extend((exercise, "calibration", s, exercise.solution_path, seed) for s in training_seeds[1:])
            if (baseline := _baseline_candidate(exercise, folder)) is not None:
                slow.extend((exercise, "baseline", s, baseline, seed) for s in training_seeds)
    return slow + fast


def validate_course(course: Course, exercise_ids: list[str] | None = None, *, seed: int, jobs: int = 2,
                    isolation: Isolation | None = None) -> list[Finding]:
    """Every finding for the chosen exercises (all by default), in course order."""
    exercises = [course.get(i) for i in exercise_ids] if exercise_ids else list(course.exercises)
    draw = random.Random()  # fresh seeds every validation: a mutant named at one seed is named at all
    warm = WarmSupply(isolation)

    def run(job):
        exercise, kind, candidate, path, run_seed = job
        if kind == "calibration":
            return job, grade_candidate(course, _score_only(exercise), path, run_seed, isolation, warm,
                                        training_seed=candidate)
        if kind == "baseline":
            return job, grade_candidate(course, _ungated(exercise), path, run_seed, isolation, warm,
                                        training_seed=candidate)
        report = grade_candidate(course, exercise, path, run_seed, isolation, warm)
        return job, (_judge(exercise, kind, candidate, report), report)

    with tempfile.TemporaryDirectory(prefix="dltutor-baselines-") as folder:
        try:
            with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
                done = list(pool.map(run, _jobs(exercises, seed, draw, Path(folder))))
        finally:
            warm.close()
    findings = []
    for exercise in exercises:
        findings += _static_findings(exercise)
        mine = [(job, value) for job, value in done if job[0].id == exercise.id]
        by_candidate: dict[tuple[str, Path], list] = {}
        for (_, kind, _, path, run_seed), value in mine:
            if kind not in ("calibration", "baseline"):
                by_candidate.setdefault((kind, path), []).append((value[0], run_seed))
        for (kind, _), proven in by_candidate.items():
            findings.append(_merge(exercise, kind, [f for f, _ in proven], [s for _, s in proven]))
        if not exercise.training:
            continue
        reference = next((value[1] for (_, kind, _, _, run_seed), value in mine
                          if kind == "reference" and run_seed == seed), None)
        if why := _unavailable(exercise):
            findings.append(Finding(exercise.id, True, "calibration", f"not run: {why}", skipped=True))
            if not exercise.training.baseline:
                findings.append(baseline_finding(exercise, []))
        else:
            trained = [r for r in [reference] if r] + [value for (_, kind, *_), value in mine if kind == "calibration"]
            findings.append(calibration_finding(exercise, trained))
            baselines = [value for (_, kind, *_), value in mine if kind == "baseline"]
            findings.append(baseline_finding(exercise, baselines))
        findings.append(figures_finding(exercise, reference))
    return findings


def baseline_finding(exercise: Exercise, reports: list[GradeReport]) -> Finding:
    """The naive baseline, trained with the structure checks off, misses the target on every seed."""
    spec = exercise.training
    assert spec is not None  # findings of training exercises only
    if not spec.baseline:
        return Finding(exercise.id, False, "names its naive baseline", "no [training] baseline: name the "
                       "naive model the target must beat (a mutant file or a builder of the reference)")
    values = [r.training.get("value") for r in reports]
    what = f"baseline {spec.baseline} misses the target on all {len(reports)} seeds"
    if not reports or any(v is None for v in values):
        return Finding(exercise.id, False, what, "the baseline did not train on every seed: "
                       + "; ".join(_first_problem(r) for r in reports if not r.training.get("value")))
    scores = [float(v) for v in values if v is not None]
    shown = ", ".join(f"{v:.4g}" for v in scores)
    best = max(scores) if spec.higher_is_better else min(scores)
    if any(spec.meets(v) for v in scores):
        return Finding(exercise.id, False, what, f"its best seed {best:.4g} reaches the target {spec.target:g} "
                       f"({shown}): the target does not show the concept")
    return Finding(exercise.id, True, what, f"best seed {best:.4g} ({shown})")


TARGET_STATED = re.compile(r"([≥≤])\s*\**\s*([0-9]*\.?[0-9]+)")


def figures_finding(exercise: Exercise, reference: GradeReport | None) -> Finding:
    """The lesson and the check titles state the target and the budget as exercise.toml has them, and
    the lesson the reference's parameter count as the trainer measured it."""
    spec = exercise.training
    assert spec is not None  # findings of training exercises only
    lesson = exercise.lesson_path.read_text(encoding="utf-8")
    what = "the lesson states the target, the budget and the reference's parameters"
    wrong = []
    relation = "≥" if spec.higher_is_better else "≤"
    stated = [float(n) for r, n in TARGET_STATED.findall(lesson) if r == relation]
    if not any(abs(n - spec.target) < 1e-12 for n in stated):
        wrong.append(f"the lesson never says {relation} {spec.target:g}")
    titles = [c.name for c in (reference.checks if reference else ())]
    for title in titles:
        for r, n in TARGET_STATED.findall(title):
            if r == relation and "test" in title and abs(float(n) - spec.target) > 1e-12:
                wrong.append(f"the check {title!r} states {relation} {n}, but the target is {spec.target:g}")
    for figure, label in ((f"{spec.max_params:,}", "the parameter budget"),
                          (f"{spec.max_epochs} epochs", "the epoch budget")):
        if figure not in lesson:
            wrong.append(f"the lesson never states {label} ({figure})")
    params = (reference.training or {}).get("params") if reference else None
    if params and f"{params:,}" not in lesson:
        wrong.append(f"the reference has {params:,} parameters, a number the lesson never states")
    return Finding(exercise.id, not wrong, what, "; ".join(wrong))


def calibration_finding(exercise: Exercise, reports: list[GradeReport]) -> Finding:
    """The target sits at least the margin of DESIGN §4 inside the reference's worst seed."""
    spec = exercise.training
    assert spec is not None  # findings of training exercises only
    values = [r.training.get("value") for r in reports]
    what = f"target {spec.metric} {spec.target:g} holds for the reference over {len(reports)} seeds"
    if any(v is None for v in values):
        return Finding(exercise.id, False, what, "the reference did not train on every seed: "
                       + "; ".join(_first_problem(r) for r in reports if not r.training))
    scores = [float(v) for v in values if v is not None]
    shown = ", ".join(f"{v:.4f}" for v in scores)
    if spec.higher_is_better:
        worst, margin = min(scores), CALIBRATION_MARGIN
        ok = worst - spec.target >= margin
        detail = f"worst seed {worst:.4f} is less than {margin} above the target {spec.target:g} ({shown})"
    else:
        worst, margin = max(scores), spec.target * CALIBRATION_RELATIVE_MARGIN
        ok = spec.target - worst >= margin
        detail = f"worst seed {worst:.4g} is not {margin:.3g} under the target {spec.target:g} ({shown})"
    return Finding(exercise.id, ok, what, detail if not ok else f"worst seed {worst:.4g} ({shown})")
