"""Live training progress: the device, an epoch progress bar, the latest numbers, a loss/metric curve
with the exercise's target drawn across it (textual-plotext), and after training the result vs the target."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import ProgressBar, Static

from tutor.app import labels
from tutor.app.messages import Epoch, TrainerReady
from tutor.course import TrainingSpec
from tutor.grading.report import FAILED, PASSED, UNGRADABLE, GradeReport
from tutor.reporters.text import training_extras

TARGET_COLOR = "orange"
HELD_OUT_COLOR = "cyan"


def relation(metric: str) -> str:
    """"≥" for accuracy, "≤" for a loss-like metric (mse); mirrors ``TrainingSpec.higher_is_better``."""
    return "≥" if metric in ("accuracy", "") else "≤"


def target_label(target: float) -> str:
    return f"target {target:g}"


def outcome(status: str, text: str) -> Content:
    """The status's symbol in its colour, then ``text`` (a symbol and words, never colour alone)."""
    return Content.assemble(Content.styled(labels.symbol(status) + " ", labels.STYLES[status]), text)


def training_device(gpus: list[str], detected: str) -> str:
    """Where the trainer runs: TensorFlow's GPU list (empty: the CPU), named with the app's detected
    device (``tutor.hardware``: "GPU: NVIDIA H100 (80 GiB)" or "CPU: … (2 cores)") where it fits."""
    if not gpus:
        if detected.startswith("CPU:"):
            return "training on " + detected
        if detected.startswith("GPU:"):
            return (f"training on CPU: TensorFlow sees no GPU, though this machine has {detected[5:]} "
                    "(`dltutor doctor` says why)")
        return "training on CPU"
    if detected.startswith("GPU:"):
        text = "training on " + detected
    else:  # TensorFlow's names are "/physical_device:GPU:0"
        text = "training on " + ", ".join(g.rsplit("/physical_device:", 1)[-1] for g in gpus)
    if len(gpus) > 1:
        text += f" (the first of {len(gpus)} GPUs)"
    return text


class TrainingView(Vertical):
    """Hidden until training starts (``waiting``, a ``TrainerReady`` or the first ``Epoch`` message);
    post those messages to it directly. After the run, ``finish`` keeps the curve and adds the result."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.history: list[Epoch] = []
        self.device = ""
        self.target: float | None = None
        self.metric = ""
        self.held_out: float | None = None  # the graded figure, once known: one point at the last epoch

    def compose(self) -> ComposeResult:
        yield Static("Training", classes="section-title")
        yield Static(id="training-device")
        yield ProgressBar(total=None, show_eta=False, id="training-bar")
        yield Static(id="training-stats")
        yield Static(id="training-result")

    def reset(self) -> None:
        self.history.clear()
        self.device, self.target, self.metric, self.held_out = "", None, "", None
        self.remove_class("-active")
        self.query_one(ProgressBar).update(total=None, progress=0)
        for name in ("device", "stats", "result"):
            self.query_one(f"#training-{name}", Static).update("")
        for plot in self.query("#training-plot"):
            plot.remove()

    def waiting(self, spec: TrainingSpec) -> None:
        """A training exercise is being checked: say so before TensorFlow has started."""
        self.target, self.metric = spec.target, spec.metric
        self.add_class("-active")
        self.query_one("#training-device", Static).update("starting TensorFlow for your model…")
        self.query_one("#training-stats", Static).update(
            f"target: test {spec.metric} {relation(spec.metric)} {spec.target:g} ({spec.dataset})")

    def on_trainer_ready(self, message: TrainerReady) -> None:
        self.device = training_device(message.gpus, self.app.machine.device)
        took = f" · TensorFlow started in {message.import_seconds:.1f} s" if message.import_seconds else ""
        self.add_class("-active")
        self.query_one("#training-device", Static).update(self.device + took)

    def on_epoch(self, message: Epoch) -> None:
        if self.history and message.epoch <= self.history[-1].epoch:  # a new training began
            self.history.clear()
        self.history.append(message)
        if message.target is not None:
            self.target, self.metric = message.target, message.metric
        self.add_class("-active")
        if not self.device:  # no word from the trainer: name the device the app detected
            detected = self.app.machine.device
            if detected.startswith(("CPU:", "GPU:")):
                self.device = "training on " + detected
                self.query_one("#training-device", Static).update(self.device)
        self.query_one(ProgressBar).update(total=max(message.epochs, message.epoch), progress=message.epoch)
        self.query_one("#training-stats", Static).update(self.describe(message))
        self._plot()

    @staticmethod
    def describe(message: Epoch) -> str:
        parts = [f"epoch {message.epoch} of {message.epochs}", f"loss {message.loss:.4f}"]
        parts += [f"{name} {value:.4f}" for name, value in message.metrics.items()]
        if message.seconds is not None:
            parts.append(f"{message.seconds:.1f} s")
        if message.target is not None:
            parts.append(f"target {message.metric or 'accuracy'} {relation(message.metric)} {message.target:g}")
        return " · ".join(parts)

    def finish(self, report: GradeReport, spec: TrainingSpec | None) -> None:
        """The run ended: keep the curve, and say how the trained model did against the target."""
        if not self.has_class("-active"):
            return
        result = self.query_one("#training-result", Static)
        training = report.training or {}
        if "value" not in training:
            result.update(outcome(FAILED, "not trained: see the checks above"))
            return
        value, target, metric = float(training["value"]), float(training["target"]), str(training["metric"])
        reached = spec.meets(value) if spec else (value >= target if relation(metric) == "≥" else value <= target)
        self.held_out, self.metric = value, metric
        if self.history:
            self._plot()
        seconds, params = training.get("train_seconds"), training.get("params")
        about = ""
        if seconds is not None:
            about = f" (trained {float(seconds):.1f} s" + (f", {params} parameters)" if params else ")")
        if reached:
            status, text = PASSED, f"reached: held-out {metric} {value:.4f} {relation(metric)} {target:g}{about}"
        else:
            status = FAILED
            text = f"missed: held-out {metric} {value:.4f}, the target is {relation(metric)} {target:g}{about}"
        result.update(outcome(status, "\n".join([text, *training_extras(training)])))

    def finish_unknown(self) -> None:
        """The grader failed: keep what was shown, and say the training has no result."""
        if self.has_class("-active"):
            self.query_one("#training-result", Static).update(
                outcome(UNGRADABLE, "no training result: the grader failed"))

    def _plot(self) -> None:
        from textual_plotext import PlotextPlot  # noqa: PLC0415  (imported on the first epoch: keeps startup fast)

        plots = self.query("#training-plot")
        plot = plots.first() if plots else None
        if plot is None:
            plot = PlotextPlot(id="training-plot")
            self.mount(plot, before="#training-result")
        epochs = [m.epoch for m in self.history]
        series = {"loss": [m.loss for m in self.history]}
        for name in self.history[-1].metrics:
            if name != "learning_rate":  # another scale: the epoch line states it
                series[name] = [m.metrics.get(name, float("nan")) for m in self.history]
        plt = plot.plt
        plt.clear_data()
        for name, values in series.items():  # val_*: the trainer's validation rows, drawn beside the training curve
            label = f"{name[4:]} (validation)" if name.startswith("val_") else f"{name} (training)"
            plt.plot(epochs, values, label=label)
        last = max(2, epochs[-1])
        plt.xlim(1, last)
        values = [v for vs in series.values() for v in vs if v == v]
        if self.held_out is not None:  # the graded figure: scored once, on data never trained on
            plt.scatter([epochs[-1]], [self.held_out], marker="●", color=HELD_OUT_COLOR,
                        label=f"held-out {self.metric or 'accuracy'}")
            values.append(self.held_out)
        if self.target is not None:
            values.append(self.target)
            plt.hline(self.target, color=TARGET_COLOR)
            plt.text(target_label(self.target), last, self.target, alignment="right", color=TARGET_COLOR)
        if values:
            low, high = min(values), max(values)
            pad = (high - low) * 0.05 or 0.05
            plt.ylim(low - pad, high + pad)
        plt.xlabel("epoch")
        plot.refresh()
