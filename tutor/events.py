"""What a grading run tells its caller as it goes (``grade(on_event=…)``): typed events, one class each.

The CLI's progress line, the app's results panel and its training view match on these classes;
none of them re-parses a dict. Events flow one way, from the grader (and the trainer it relays)
to whoever watches; nothing a watcher does changes the verdict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CheckStarted:
    """Check ``index`` (0-based) of ``total`` begins."""

    name: str
    index: int
    total: int


@dataclass(frozen=True)
class TrainerReady:
    """The trusted trainer has TensorFlow imported: the GPUs it sees (none: it trains on the CPU)."""

    gpus: tuple[str, ...] = ()
    import_seconds: float | None = None


@dataclass(frozen=True)
class EpochEnded:
    """One training epoch of the graded model (or, with ``contrast``, of the model trained beside it)."""

    epoch: int
    epochs: int
    loss: float | None  # None: the loss was not a finite number (training diverged)
    metrics: dict[str, float | None] = field(default_factory=dict)
    seconds: float | None = None
    target: float | None = None  # the exercise's target for ``metric``, drawn as a line on the curve
    metric: str = ""
    contrast: str = ""  # the builder of a contrast model; "" for the graded one


GradingEvent = CheckStarted | TrainerReady | EpochEnded


def _finite(value) -> float | None:
    """A finite number, or None: the trainer's numbers arrive as JSON and may be NaN or missing."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _whole(value, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def epoch_from_trainer(message: dict, *, target: float | None, metric: str, contrast: str = "") -> EpochEnded:
    """An ``epoch`` message of the trainer (JSON from a trusted helper, read defensively) as an event."""
    given = message.get("metrics")
    metrics: dict = given if isinstance(given, dict) else {}
    return EpochEnded(
        epoch=_whole(message.get("epoch")), epochs=_whole(message.get("epochs"), 1),
        loss=_finite(message.get("loss")),
        metrics={str(name)[:40]: _finite(value) for name, value in list(metrics.items())[:8]},
        seconds=_finite(message.get("seconds")), target=target, metric=metric, contrast=contrast)


def trainer_ready(message: dict) -> TrainerReady:
    """The trainer's ``ready`` message as an event."""
    given = message.get("gpus")
    gpus: list = given if isinstance(given, list) else []
    return TrainerReady(tuple(str(g)[:200] for g in gpus[:16]), _finite(message.get("import_seconds")))
