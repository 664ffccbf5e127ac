"""The verdict of a grading run: each check with symbol, status, points and message; traceback; output."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from tutor.app import labels
from tutor.app.widgets.training import TrainingView, relation
from tutor.events import CheckStarted
from tutor.grading.report import PASSED, GradeReport


def checks_table(report: GradeReport) -> Table:
    """One row per check: "✘ failed", "0/1", then the name with the message below it."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, justify="right")
    table.add_column(ratio=1)
    for check in report.checks:
        about = Text(check.name, style="bold")
        message = check.message
        if report.message and message and report.message in message:  # said once, in the verdict above
            message = "not run: see above" if message.startswith("not run") else "see above"
        if message and check.status != PASSED:
            about.append("\n" + message, style="")
        table.add_row(Text(labels.status_text(check.status, 7), style=labels.RICH_STYLES.get(check.status, "")),
                      f"{labels.points(check.points)}/{labels.points(check.max_points)}", about)
    return table


def graded_figure(report: GradeReport) -> str:
    """``held-out accuracy 0.9211 · target ≥ 0.9``: the number a training exercise is graded on."""
    training = report.training or {}
    if "value" not in training:
        return ""
    metric = str(training.get("metric", ""))
    return (f"held-out {metric} {float(training['value']):.4f} · target {relation(metric)} "
            f"{float(training['target']):g}")


class ResultsPanel(Vertical):
    """Idle text, then "checking…" with the current check, then the report: the verdict first (with the
    graded figure of a training exercise), its training curve, then each check."""

    def compose(self) -> ComposeResult:
        yield Static(id="verdict")
        yield Static(id="verdict-note")
        yield TrainingView(id="training")
        yield Static(id="checks")
        yield Static("Your code raised:", id="traceback-title", classes="section-title")
        yield Static(id="traceback")
        yield Static("Your code printed:", id="output-title", classes="section-title")
        yield Static(id="output")

    def _sections(self, checks: bool = False, traceback: bool = False, output: bool = False) -> None:
        self.query_one("#checks").display = checks
        for name, shown in (("traceback", traceback), ("output", output)):
            self.query_one(f"#{name}-title").display = shown
            self.query_one(f"#{name}").display = shown

    def _verdict(self, status: str, text: str | Content, note: str | Content = "") -> None:
        verdict = self.query_one("#verdict", Static)
        for name in ("passed", "failed", "error", "timeout", "ungradable", "skipped", "todo", "checking"):
            verdict.set_class(name == status, f"-{name}")
        verdict.update(text)
        self.query_one("#verdict-note", Static).update(note)

    def show_idle(self, status: str, note: str) -> None:
        text = "Not checked yet" if status == "todo" else f"Last result: {labels.status_text(status)}"
        self._verdict(status, text, note)
        self._sections()

    def show_running(self, why: str) -> None:
        self._verdict(labels.CHECKING, f"{labels.symbol(labels.CHECKING)} Checking… ({why})")
        self._sections()

    def show_check(self, event: CheckStarted) -> None:
        step = f"check {event.index + 1} of {event.total}"
        self._verdict(labels.CHECKING, f"{labels.symbol(labels.CHECKING)} Checking… {step}", Content(event.name))

    def show_report(self, report: GradeReport, note: str = "", root: str = "") -> None:
        """Show ``report``; paths under ``root`` (the workspace) are shown relative to it."""
        head = Content.assemble(
            labels.status_content(report.status),
            f" · {labels.points(report.score)} of {labels.points(report.max_score)} points")
        if figure := graded_figure(report):
            head = Content.assemble(head, "\n", figure)
        if report.message:
            head = Content.assemble(head, "\n", Content(report.message))
        self._verdict(report.status, head, Content(note))
        self.query_one("#checks", Static).update(checks_table(report))
        traceback = report.traceback.replace(root.rstrip("/") + "/", "") if root else report.traceback
        self.query_one("#traceback", Static).update(Content(traceback.rstrip()))
        self.query_one("#output", Static).update(Content(report.stdout.rstrip()))
        self._sections(checks=bool(report.checks), traceback=bool(report.traceback.strip()),
                       output=bool(report.stdout.strip()))

    def show_failure(self, error: str) -> None:
        self._verdict("ungradable", f"{labels.symbol('ungradable')} The grader failed",
                      Content(error + "\nThis is a problem in dltutor or the course, not in your code."))
        self._sections()
