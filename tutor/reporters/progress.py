"""Progress on stderr: a training exercise's epochs, and a bar for long work (a class's grading, validate).

On a terminal the line or bar updates in place; elsewhere (CI logs, pipes) a line per step.
"""

from __future__ import annotations

import sys

from tutor import events


def _number(value: float | None) -> str:
    """A metric for a progress line; a diverged one (not a finite number) as NaN."""
    return "NaN" if value is None else f"{value:.4f}"


class TrainingProgress:
    """An ``on_event`` callback for the grader that shows epoch events."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self._open_line = False

    def __call__(self, event: events.GradingEvent) -> None:
        if isinstance(event, events.TrainerReady) and event.gpus:
            self._say(f"training on {', '.join(event.gpus)}")
        if not isinstance(event, events.EpochEnded) or event.contrast:
            return
        epoch, epochs = event.epoch, max(1, event.epochs)
        metrics = " · ".join(f"{k} {_number(v)}" for k, v in event.metrics.items())
        line = (f"epoch {epoch}/{epochs} · loss {_number(event.loss)}"
                + (f" · {metrics}" if metrics else "") + f" · {event.seconds or 0:.1f} s")
        if self.live:
            self.stream.write("\r\033[K" + line)
            self._open_line = epoch < epochs
            if not self._open_line:
                self.stream.write("\n")
        elif epoch == epochs or epoch == 1 or epoch % max(1, epochs // 10) == 0:
            self.stream.write(line + "\n")
        self.stream.flush()

    def _say(self, text: str) -> None:
        if self._open_line:
            self.stream.write("\n")
            self._open_line = False
        self.stream.write(text + "\n")

    def close(self) -> None:
        if self._open_line:
            self.stream.write("\n")
            self.stream.flush()


class ClassProgress:
    """An ``on_done`` callback for ``batch.grade_submissions`` (or anything counting ``total`` steps):
    a rich progress bar on a terminal, one line per step otherwise. Use it as a context manager."""

    def __init__(self, total: int, label: str = "grading", stream=None):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self._bar = self._task = None
        if self.stream.isatty() and total > 1:
            from rich.console import Console  # noqa: PLC0415  (only on a terminal: a CI log gets plain lines)
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: PLC0415  (ditto)

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=Console(file=self.stream), transient=True)
            self._task = self._bar.add_task(label, total=total)

    def __enter__(self) -> ClassProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, result) -> None:
        """One more step done; ``result`` is a SubmissionResult, or any text to show."""
        from tutor.reporters.text import status_word  # noqa: PLC0415  (imported when first needed)

        self.done += 1
        if hasattr(result, "submission"):
            line = (f"{result.submission}: {status_word(result.status)} {result.score:g}/{result.max_score:g} "
                    f"({result.duration_s:.1f} s)")
        else:
            line = str(result)
        if self._bar is not None and self._task is not None:
            self._bar.console.print(f"[{self.done}/{self.total}] {line}", markup=False, highlight=False)
            self._bar.update(self._task, completed=self.done)
        else:
            print(f"[{self.done}/{self.total}] {line}", file=self.stream, flush=True)


class Working:
    """A spinner with the elapsed time on a terminal, for long work that cannot count its steps
    (``validate`` until its proofs report one by one); nothing elsewhere."""

    def __init__(self, label: str, stream=None):
        self.stream = stream or sys.stderr
        self._status = None
        if self.stream.isatty():
            from rich.console import Console  # noqa: PLC0415  (only on a terminal)
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn  # noqa: PLC0415  (ditto)

            self._status = Progress(SpinnerColumn(), TextColumn(label), TimeElapsedColumn(),
                                    console=Console(file=self.stream), transient=True)
            self._status.add_task(label, total=None)

    def __enter__(self) -> Working:
        if self._status is not None:
            self._status.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._status is not None:
            self._status.stop()
