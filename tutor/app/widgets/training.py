"""Live training progress: epoch progress bar, latest numbers and a loss/metric curve (textual-plotext)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from tutor.app.messages import Epoch


class TrainingView(Vertical):
    """Hidden until the first ``Epoch`` message arrives; post ``Epoch`` messages to it directly."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.history: list[Epoch] = []

    def compose(self) -> ComposeResult:
        yield Static("Training", classes="section-title")
        yield ProgressBar(total=None, show_eta=False, id="training-bar")
        yield Static(id="training-stats")

    def reset(self) -> None:
        self.history.clear()
        self.remove_class("-active")
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.query_one("#training-stats", Static).update("")
        for plot in self.query("#training-plot"):
            plot.remove()

    def on_epoch(self, message: Epoch) -> None:
        self.history.append(message)
        self.add_class("-active")
        self.query_one(ProgressBar).update(total=max(message.epochs, message.epoch), progress=message.epoch)
        self.query_one("#training-stats", Static).update(self.describe(message))
        self._plot()

    @staticmethod
    def describe(message: Epoch) -> str:
        parts = [f"epoch {message.epoch} of {message.epochs}", f"loss {message.loss:.4f}"]
        parts += [f"{name} {value:.4f}" for name, value in message.metrics.items()]
        if message.seconds is not None:
            parts.append(f"{message.seconds:.1f} s")
        return " · ".join(parts)

    def _plot(self) -> None:
        from textual_plotext import PlotextPlot  # imported on the first epoch: keeps startup fast

        plots = self.query("#training-plot")
        plot = plots.first() if plots else None
        if plot is None:
            plot = PlotextPlot(id="training-plot")
            self.mount(plot)
        epochs = [m.epoch for m in self.history]
        plt = plot.plt
        plt.clear_data()
        plt.plot(epochs, [m.loss for m in self.history], label="loss")
        for name in self.history[-1].metrics:
            plt.plot(epochs, [m.metrics.get(name, float("nan")) for m in self.history], label=name)
        plt.xlabel("epoch")
        plot.refresh()
