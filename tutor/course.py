"""Loads and validates a course: the manifest, each exercise's metadata, files and solution.

A course root holds ``exercises/course.toml`` (ordered chapters with a course version),
``exercises/<id>/`` (exercise.toml, lesson.md, starter.py, checks.py, mutants/) and
``solutions/<id>.py``. Every problem is a ``CourseError`` naming the file and the field.
"""

from __future__ import annotations

import difflib
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from tutor.mutants import Mutant, MutantError, declared

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FORMAT_VERSION = 1
MODES = ("numpy", "function", "architecture")
GPU_POLICIES = ("none", "optional", "recommended", "required")
REQUIRED = object()


class CourseError(ValueError):
    """A course file is missing or malformed; ``str()`` names the file and the field."""

    def __init__(self, path: Path, message: str, field: str | None = None):
        self.path, self.field = Path(path), field
        where = f"{path}: field '{field}'" if field else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class TrainingSpec:
    """What an architecture exercise is trained on and must reach (docs/architecture.md, Three flows)."""

    dataset: str
    metric: str  # "accuracy" (higher is better) or "mse" (lower is better)
    target: float
    max_epochs: int
    max_params: int
    budget_s: float  # training time on a 2-core CPU the lesson promises
    input_shape: tuple[int, ...]
    outputs: int  # units of the last layer: classes, 1 for binary / regression, or the input size
    # how labels reach the loss: "integers", "binary", "values", or "unit_values" (values in [0, 1],
    # such as pixels, which binary cross-entropy fits as well as the losses for values)
    labels: str = "integers"
    calibration_seeds: int = 3
    contrast: str = ""  # an optional second model, trained for comparison, not graded
    # extension hooks the trainer accepts for this exercise only (TRAINING_EXTENSIONS); none by default
    allow: tuple[str, ...] = ()
    # The naive model the target must beat: a file under the exercise's folder (usually one of its
    # mutants) or a builder in the reference; validate trains it with the structure checks off and
    # requires it to miss the target on every calibration seed.
    baseline: str = ""
    # A failed structure check stops training (validate turns this off to train the baseline).
    gate_structure: bool = True
    # The share of the training rows the trainer holds out to validate on (val_* metrics each epoch,
    # what callbacks monitor, what a search compares); never the test split.
    validation_split: float = 0.0
    pretrained: str = ""  # the base the trainer provides under the layer name dltutor_pretrained_<name>
    sample: int = 0  # characters the trained language model writes after the held-out prompt, for the report
    contrast_callbacks: bool = True  # False: the contrast model trains without the learner's CALLBACKS
    trial_epochs: int = 0  # a search ("search" allowed): the epochs of each trial of the learner's GRID
    max_trials: int = 4  # the most trials a GRID may declare

    @property
    def higher_is_better(self) -> bool:
        return self.metric == "accuracy"

    def meets(self, value: float) -> bool:
        return value >= self.target if self.higher_is_better else value <= self.target

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


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
TRAINING_FIELDS = {
    "dataset": (str, REQUIRED), "metric": (str, "accuracy"), "target": ((int, float), REQUIRED),
    "max_epochs": (int, REQUIRED), "max_params": (int, REQUIRED), "budget_s": ((int, float), 60.0),
    "input_shape": (list, REQUIRED), "outputs": (int, REQUIRED), "labels": (str, "integers"),
    "calibration_seeds": (int, 3), "contrast": (str, ""), "allow": (list, []), "baseline": (str, ""),
    "validation_split": ((int, float), 0.0), "pretrained": (str, ""), "sample": (int, 0),
    "contrast_callbacks": (bool, True), "trial_epochs": (int, 0), "max_trials": (int, 4),
}
# What ``[training] allow`` may enable: Keras callbacks (EarlyStopping, ReduceLROnPlateau) from the
# learner's CALLBACKS, learning-rate schedules as an optimizer's learning_rate, a pre-trained base
# the trainer puts in where a layer is named ``dltutor_pretrained_<name>``, and a search over the
# learner's GRID (``trial_epochs`` each, at most ``max_trials``).
TRAINING_EXTENSIONS = ("callbacks", "schedules", "pretrained", "search")
METRICS = ("accuracy", "mse")
LABELS = ("integers", "binary", "values", "unit_values")
MUTANT_FIELDS = {"file": (str, ""), "name": (str, ""), "mistake": (str, REQUIRED), "expect": (str, ""),
                 "edits": (list, [])}


def _read_toml(path: Path) -> dict:
    if not path.is_file():
        raise CourseError(path, "file not found")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CourseError(path, f"not valid TOML: {exc}") from None


def _fields(path: Path, data: dict, spec: dict, prefix: str = "") -> dict:
    """Check ``data`` against ``spec`` ({name: (type, default)}), naming the field on error."""
    if unknown := sorted(set(data) - set(spec)):
        raise CourseError(path, f"unknown key (allowed: {', '.join(spec)})", prefix + unknown[0])
    values = {}
    for name, (kind, default) in spec.items():
        if name not in data:
            if default is REQUIRED:
                raise CourseError(path, "missing", prefix + name)
            values[name] = default
            continue
        value = data[name]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise CourseError(path, f"expected {expected}, got {type(value).__name__} {value!r}", prefix + name)
        values[name] = value
    return values


def _strings(path: Path, values: list, field: str) -> tuple[str, ...]:
    for i, item in enumerate(values):
        if not isinstance(item, str) or not item.strip():
            raise CourseError(path, "expected a non-empty string", f"{field}[{i}]")
    return tuple(values)


def _choice(path: Path, value: str, choices: tuple[str, ...], field: str) -> str:
    if value not in choices:
        raise CourseError(path, f"must be one of {', '.join(choices)}; got {value!r}", field)
    return value


def load_course(root: Path) -> Course:
    """Load and validate the whole course under ``root``."""
    root = Path(root).resolve()
    manifest_path = root / "exercises" / "course.toml"
    manifest = _fields(manifest_path, _read_toml(manifest_path), MANIFEST_FIELDS)
    if manifest["format_version"] != FORMAT_VERSION:
        raise CourseError(manifest_path, f"this dltutor reads format {FORMAT_VERSION}", "format_version")
    exercises, seen = [], {}
    for c, chapter_data in enumerate(manifest["chapters"]):
        prefix = f"chapters[{c}]."
        if not isinstance(chapter_data, dict):
            raise CourseError(manifest_path, "expected a table", f"chapters[{c}]")
        chapter = _fields(manifest_path, chapter_data, CHAPTER_FIELDS, prefix)
        for i, exercise_id in enumerate(_strings(manifest_path, chapter["exercises"], prefix + "exercises")):
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
    meta = _fields(path, _read_toml(path), EXERCISE_FIELDS)
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
        data = _fields(path, entry, MUTANT_FIELDS, f"mutants[{i}].")
        try:
            mutants.append(declared(folder, solution, i, data))
        except MutantError as exc:
            raise CourseError(path, str(exc), exc.field) from None
    training = _training(path, meta["training"]) if meta["training"] is not None else None
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
        mode=_choice(path, meta["mode"], MODES, "mode"), summary=meta["summary"],
        timeout_s=float(meta["timeout_s"]), memory_mb=meta["memory_mb"],
        gpu=_choice(path, meta["gpu"], GPU_POLICIES, "gpu"),
        hints=_strings(path, meta["hints"], "hints"), uses=_strings(path, meta["uses"], "uses"),
        mutants=tuple(mutants), training=training,
    )


def _training(path: Path, data: dict) -> TrainingSpec:
    fields = _fields(path, data, TRAINING_FIELDS, "training.")
    shape = fields["input_shape"]
    if not shape or not all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in shape):
        raise CourseError(path, f"expected a list of positive integers, got {shape!r}", "training.input_shape")
    for name in ("max_epochs", "max_params", "outputs", "calibration_seeds"):
        if fields[name] < 1:
            raise CourseError(path, "must be at least 1", f"training.{name}")
    allow = _strings(path, fields["allow"], "training.allow")
    for i, extension in enumerate(allow):
        _choice(path, extension, TRAINING_EXTENSIONS, f"training.allow[{i}]")
    _extensions(path, fields, allow)
    return TrainingSpec(
        dataset=fields["dataset"], metric=_choice(path, fields["metric"], METRICS, "training.metric"),
        target=float(fields["target"]), max_epochs=fields["max_epochs"], max_params=fields["max_params"],
        budget_s=float(fields["budget_s"]), input_shape=tuple(shape), outputs=fields["outputs"],
        labels=_choice(path, fields["labels"], LABELS, "training.labels"),
        calibration_seeds=fields["calibration_seeds"], contrast=fields["contrast"],
        allow=tuple(dict.fromkeys(allow)), baseline=_baseline(path, fields["baseline"]),
        validation_split=float(fields["validation_split"]), pretrained=fields["pretrained"], sample=fields["sample"],
        contrast_callbacks=fields["contrast_callbacks"], trial_epochs=fields["trial_epochs"],
        max_trials=fields["max_trials"],
    )


def _extensions(path: Path, fields: dict, allow) -> None:
    """The settings of the extension hooks fit together: a base only where "pretrained" is allowed,
    a search's epochs where "search" is, validation rows a sane share of the training rows."""
    if not 0 <= fields["validation_split"] <= 0.5:
        raise CourseError(path, "must be a share from 0 to 0.5 of the training rows", "training.validation_split")
    if fields["pretrained"] and ("pretrained" not in allow or not fields["pretrained"].isidentifier()):
        raise CourseError(path, 'names a base (a plain name) only with allow = ["pretrained", ...]',
                          "training.pretrained")
    if "search" in allow and (fields["trial_epochs"] < 1 or not 1 <= fields["max_trials"] <= 4
                              or not fields["validation_split"]):
        raise CourseError(path, "a search needs trial_epochs ≥ 1, max_trials from 1 to 4 and a validation_split",
                          "training.trial_epochs")
    if not 0 <= fields["sample"] <= 400:
        raise CourseError(path, "must be from 0 to 400 characters", "training.sample")


def _baseline(path: Path, value: str) -> str:
    """A relative .py file inside the exercise's folder, or a builder's name."""
    if value.endswith(".py"):
        if Path(value).is_absolute() or ".." in Path(value).parts:
            raise CourseError(path, "must be a file inside the exercise's folder", "training.baseline")
    elif value and not value.isidentifier():
        raise CourseError(path, f"expected a file (mutants/….py) or a builder's name, got {value!r}",
                          "training.baseline")
    return value
