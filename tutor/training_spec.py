"""The ``[training]`` table of an architecture exercise: what the trusted trainer trains on, what the
model must reach, and which extension hooks it accepts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.course_fields import REQUIRED, CourseError, checked_fields, choice, strings


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
    # False: the contrast model is not trained (validate's extra calibration seeds need the score alone).
    contrast_trained: bool = True
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


def parse_training(path: Path, data: dict) -> TrainingSpec:
    fields = checked_fields(path, data, TRAINING_FIELDS, "training.")
    shape = fields["input_shape"]
    if not shape or not all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in shape):
        raise CourseError(path, f"expected a list of positive integers, got {shape!r}", "training.input_shape")
    for name in ("max_epochs", "max_params", "outputs", "calibration_seeds"):
        if fields[name] < 1:
            raise CourseError(path, "must be at least 1", f"training.{name}")
    allow = strings(path, fields["allow"], "training.allow")
    for i, extension in enumerate(allow):
        choice(path, extension, TRAINING_EXTENSIONS, f"training.allow[{i}]")
    _extensions(path, fields, allow)
    return TrainingSpec(
        dataset=fields["dataset"], metric=choice(path, fields["metric"], METRICS, "training.metric"),
        target=float(fields["target"]), max_epochs=fields["max_epochs"], max_params=fields["max_params"],
        budget_s=float(fields["budget_s"]), input_shape=tuple(shape), outputs=fields["outputs"],
        labels=choice(path, fields["labels"], LABELS, "training.labels"),
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
