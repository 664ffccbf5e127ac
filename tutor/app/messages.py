"""The app's messages, as dataclasses: grading runs and training progress posted from workers."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from tutor import events
from tutor.events import EpochEnded, GradingEvent
from tutor.grading.report import GradeReport
from tutor.progress import ExerciseProgress


@dataclass
class GradeEvent(Message):
    """One event of a grading run (``tutor.events``: a check started, the trainer ready, an epoch)."""

    exercise_id: str
    event: GradingEvent
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
    def of(cls, event: EpochEnded) -> Epoch:
        """The training view's message for ``event``; a diverged number becomes NaN on the curve."""
        nan = float("nan")
        return cls(event.epoch, event.epochs, nan if event.loss is None else event.loss,
                   {name: nan if value is None else value for name, value in event.metrics.items()},
                   event.seconds, event.target, event.metric)


@dataclass
class TrainerReady(Message, bubble=False):
    """The trainer imported TensorFlow: the GPUs it sees (empty: it trains on the CPU) and how long it took."""

    gpus: list = field(default_factory=list)
    import_seconds: float | None = None

    @classmethod
    def of(cls, event: events.TrainerReady) -> TrainerReady:
        return cls(list(event.gpus), event.import_seconds)


@dataclass
class DeviceDetected(Message):
    """The compute device's description, found by a worker after startup (it may run nvidia-smi)."""

    text: str


@dataclass
class KerasWarmth(Message):
    """How the app's TensorFlow workers stand: "Keras: warming up…", "Keras: ready", or "" (none)."""

    text: str
