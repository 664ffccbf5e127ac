"""The app's messages, as dataclasses: grading runs and training progress posted from workers."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from tutor.grading.report import GradeReport
from tutor.progress import ExerciseProgress


@dataclass
class GradeEvent(Message):
    """One ``on_event`` dict from the grader: ``{"event": "check", ...}`` or ``{"event": "epoch", ...}``."""

    exercise_id: str
    event: dict
    run: int = 0


@dataclass
class GradeFinished(Message):
    """A run finished with a report, already recorded as ``progress``."""

    report: GradeReport
    progress: ExerciseProgress
    warning: str = ""
    run: int = 0


@dataclass
class GradeFailed(Message):
    """The grader itself failed (not the learner's code): ``error`` says why."""

    exercise_id: str
    error: str
    run: int = 0


@dataclass
class Epoch(Message, bubble=False):
    """One finished training epoch, for the training view's progress bar and curve."""

    epoch: int
    epochs: int
    loss: float
    metrics: dict = field(default_factory=dict)
    seconds: float | None = None
    target: float | None = None  # the exercise's target for ``metric`` (drawn as a line on the curve)
    metric: str = ""

    @classmethod
    def from_event(cls, event: dict) -> Epoch:
        target = event.get("target")
        return cls(int(event.get("epoch", 0)), int(event.get("epochs", 0)), float(event.get("loss", 0.0)),
                   dict(event.get("metrics") or {}), event.get("seconds"),
                   None if target is None else float(target), str(event.get("metric") or ""))


@dataclass
class TrainerReady(Message, bubble=False):
    """The trainer imported TensorFlow: the GPUs it sees (empty: it trains on the CPU) and how long it took."""

    gpus: list = field(default_factory=list)
    import_seconds: float | None = None

    @classmethod
    def from_event(cls, event: dict) -> TrainerReady:
        seconds = event.get("import_seconds")
        return cls([str(g) for g in event.get("gpus") or []], None if seconds is None else float(seconds))


@dataclass
class DeviceDetected(Message):
    """The compute device's description, found by a worker after startup (it may run nvidia-smi)."""

    text: str


@dataclass
class KerasWarmth(Message):
    """How the app's TensorFlow workers stand: "Keras: warming up…", "Keras: ready", or "" (none)."""

    text: str
