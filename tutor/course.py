"""Loads and validates a course: the manifest, each exercise's metadata, files and solution.

A course root holds ``exercises/course.toml`` (ordered chapters with a course version),
``exercises/<id>/`` (exercise.toml, lesson.md, starter.py, checks.py, mutants/) and
``solutions/<id>.py``. Every problem is a ``CourseError`` naming the file and the field.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path

from tutor.course_fields import REQUIRED, CourseError, checked_fields, choice, read_toml, strings
from tutor.mutants import Mutant, MutantError, declared
from tutor.training_spec import TrainingSpec, parse_training

FORMAT_VERSION = 1
MODES = ("numpy", "function", "architecture")
GPU_POLICIES = ("none", "optional", "recommended", "required")




@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    chapter: str
    chapter_title: str
    folder: Path
    solution_path: Path
    file: str
    mode: str = "numpy"
    summary: str = ""
    timeout_s: float = 10.0
    memory_mb: int = 1024
    gpu: str = "none"
    hints: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    mutants: tuple[Mutant, ...] = ()
    training: TrainingSpec | None = None

    @property
    def lesson_path(self) -> Path:
        return self.folder / "lesson.md"

    @property
    def starter_path(self) -> Path:
        return self.folder / "starter.py"

    @property
    def checks_path(self) -> Path:
        return self.folder / "checks.py"

    @property
    def module_name(self) -> str:
        return self.id

    def starter_digest(self) -> str:
        return hashlib.sha256(self.starter_path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Course:
    root: Path
    name: str
    version: str
    title: str
    welcome: str
    exercises: tuple[Exercise, ...]

    def get(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        close = difflib.get_close_matches(exercise_id, self.ids, n=3, cutoff=0.6)
        hint = (f"did you mean {' or '.join(close)}?" if close
                else "`dltutor list` shows every exercise")
        raise KeyError(f"no exercise {exercise_id!r} in course {self.name!r}: {hint}")

    @property
    def ids(self) -> list[str]:
        return [e.id for e in self.exercises]

    def uses_of(self, exercise: Exercise) -> tuple[str, ...]:
        """Every earlier exercise ``exercise`` builds on, the ones they build on included, each
        after those it needs (a Transformer block on attention that multi-head attention uses)."""
        order: list[str] = []

        def visit(current: Exercise) -> None:
            for used in current.uses:
                if used not in order and used != exercise.id:
                    visit(self.get(used))
                    order.append(used)

        visit(exercise)
        return tuple(order)


MANIFEST_FIELDS = {
    "format_version": (int, REQUIRED),
    "name": (str, REQUIRED),
    "version": (str, REQUIRED),
    "title": (str, ""),
    "welcome": (str, ""),
    "chapters": (list, REQUIRED),
}
CHAPTER_FIELDS = {"id": (str, REQUIRED), "title": (str, REQUIRED), "exercises": (list, REQUIRED)}
EXERCISE_FIELDS = {
    "id": (str, REQUIRED),
    "title": (str, REQUIRED),
    "summary": (str, ""),
    "mode": (str, "numpy"),
    "file": (str, ""),
    "timeout_s": ((int, float), 10.0),
    "memory_mb": (int, 1024),
    "gpu": (str, "none"),
    "hints": (list, REQUIRED),
    "uses": (list, []),
    "mutants": (list, []),
    "training": (dict, None),
}
MUTANT_FIELDS = {"file": (str, ""), "name": (str, ""), "mistake": (str, REQUIRED), "expect": (str, ""),
                 "edits": (list, [])}


def load_course(root: Path) -> Course:
    """Load and validate the whole course under ``root``."""
    root = Path(root).resolve()
    manifest_path = root / "exercises" / "course.toml"
    manifest = checked_fields(manifest_path, read_toml(manifest_path), MANIFEST_FIELDS)
    if manifest["format_version"] != FORMAT_VERSION:
        raise CourseError(manifest_path, f"this dltutor reads format {FORMAT_VERSION}", "format_version")
    exercises, seen = [], {}
    for c, chapter_data in enumerate(manifest["chapters"]):
        prefix = f"chapters[{c}]."
        if not isinstance(chapter_data, dict):
            raise CourseError(manifest_path, "expected a table", f"chapters[{c}]")
        chapter = checked_fields(manifest_path, chapter_data, CHAPTER_FIELDS, prefix)
        for i, exercise_id in enumerate(strings(manifest_path, chapter["exercises"], prefix + "exercises")):
            if exercise_id in seen:
                raise CourseError(manifest_path, f"duplicate exercise id {exercise_id!r}",
                                  f"{prefix}exercises[{i}]")
            seen[exercise_id] = True
            exercises.append(_load_exercise(root, exercise_id, chapter["id"], chapter["title"]))
    position = {exercise_id: number for number, exercise_id in enumerate(seen)}
    for exercise in exercises:
        for i, used in enumerate(exercise.uses):
            if used not in position:
                raise CourseError(exercise.folder / "exercise.toml", f"unknown exercise {used!r}", f"uses[{i}]")
            if position[used] >= position[exercise.id]:  # which also rules out cycles
                raise CourseError(exercise.folder / "exercise.toml", f"{used!r} does not come before "
                                  f"{exercise.id!r} in the course: an exercise uses earlier ones only", f"uses[{i}]")
    return Course(root, manifest["name"], manifest["version"], manifest["title"] or manifest["name"],
                  manifest["welcome"], tuple(exercises))


def _load_exercise(root: Path, exercise_id: str, chapter: str, chapter_title: str) -> Exercise:
    folder = root / "exercises" / exercise_id
    path = folder / "exercise.toml"
    meta = checked_fields(path, read_toml(path), EXERCISE_FIELDS)
    if meta["id"] != exercise_id:
        raise CourseError(path, f"must match the folder name and manifest entry {exercise_id!r}", "id")
    for name in ("lesson.md", "starter.py", "checks.py"):
        if not (folder / name).is_file():
            raise CourseError(folder / name, "file not found (every exercise needs it)")
    solution = root / "solutions" / f"{exercise_id}.py"
    if not solution.is_file():
        raise CourseError(solution, "reference solution not found")
    if meta["timeout_s"] <= 0:
        raise CourseError(path, "must be positive", "timeout_s")
    if meta["memory_mb"] < 64:
        raise CourseError(path, "must be at least 64", "memory_mb")
    mutants = []
    for i, entry in enumerate(meta["mutants"]):
        if not isinstance(entry, dict):
            raise CourseError(path, "expected a table", f"mutants[{i}]")
        data = checked_fields(path, entry, MUTANT_FIELDS, f"mutants[{i}].")
        try:
            mutants.append(declared(folder, solution, i, data))
        except MutantError as exc:
            raise CourseError(path, str(exc), exc.field) from None
    training = parse_training(path, meta["training"]) if meta["training"] is not None else None
    if training and training.baseline.endswith(".py") and not (folder / training.baseline).is_file():
        raise CourseError(path, f"file {training.baseline!r} not found", "training.baseline")
    if meta["mode"] == "architecture" and training is None:
        raise CourseError(path, "an architecture exercise needs a [training] table", "training")
    file = meta["file"] or f"{chapter}/{exercise_id}.py"
    if Path(file).is_absolute() or ".." in Path(file).parts or not file.endswith(".py"):
        raise CourseError(path, "must be a relative path to a .py file inside the workspace", "file")
    return Exercise(
        id=exercise_id, title=meta["title"], chapter=chapter, chapter_title=chapter_title,
        folder=folder, solution_path=solution, file=file,
        mode=choice(path, meta["mode"], MODES, "mode"), summary=meta["summary"],
        timeout_s=float(meta["timeout_s"]), memory_mb=meta["memory_mb"],
        gpu=choice(path, meta["gpu"], GPU_POLICIES, "gpu"),
        hints=strings(path, meta["hints"], "hints"), uses=strings(path, meta["uses"], "uses"),
        mutants=tuple(mutants), training=training,
    )
