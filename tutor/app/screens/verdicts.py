"""The exercise screen's side of a grading run: started, progress events, the verdict and the advice after it."""

from __future__ import annotations

from textual.widgets import Markdown, TabbedContent

from tutor import events
from tutor.app.error_line import error_line
from tutor.app.messages import Epoch, TrainerReady
from tutor.app.widgets.hints import solution_markdown
from tutor.app.widgets.results import ResultsPanel
from tutor.app.widgets.training import TrainingView
from tutor.events import CheckStarted, EpochEnded, GradingEvent
from tutor.grading.report import FAILED, PASSED, GradeReport
from tutor.progress import ExerciseProgress

WHY = {"save": "saved", "check": "checking the saved file", "watch": "the file changed on disk",
       "editor": "back from your editor"}


class ShowsVerdicts:
    """Mixed into ``ExerciseScreen``: the app calls these as a run of this exercise goes on."""

    def grade_started(self, reason: str) -> None:
        view = self.query_one(TrainingView)
        view.reset()
        if self.exercise.training is not None:
            view.waiting(self.exercise.training)
        self.query_one(ResultsPanel).show_running(WHY.get(reason, reason))
        self.show_side("results")

    def grade_event(self, event: GradingEvent) -> None:
        if isinstance(event, EpochEnded):
            if not event.contrast:  # the graded model's curve; a contrast model's is not drawn over it
                self.query_one(TrainingView).post_message(Epoch.of(event))
        elif isinstance(event, events.TrainerReady):
            self.query_one(TrainingView).post_message(TrainerReady.of(event))
        elif isinstance(event, CheckStarted):
            self.query_one(ResultsPanel).show_check(event)

    def grade_finished(self, report: GradeReport, progress: ExerciseProgress) -> None:
        root = str(self.app.workspace.root)
        self.last_report = report
        self.query_one(ResultsPanel).show_report(report, self._advice(report, progress), root)
        self.query_one(TrainingView).finish(report, self.exercise.training)
        self.query_one("#solution-text", Markdown).update(
            solution_markdown(self.exercise, self.app.solution_unlocked(self.exercise)))
        self.show_side("results")
        self.query_one("#results-scroll").scroll_home(animate=False)

    def grade_failed(self, error: str) -> None:
        self.query_one(ResultsPanel).show_failure(error)
        self.query_one(TrainingView).finish_unknown()

    def _advice(self, report: GradeReport, progress: ExerciseProgress) -> str:
        if report.status == PASSED:
            return "Well done: every check passed. F10 shows the reference solution; Esc goes back to the course."
        if report.status == FAILED and not report.source_sha256:  # the file was missing or empty
            return "F8 restores the starter (a file you had is kept as a backup); then write your solution."
        left = len(self.exercise.hints) - progress.hints_shown
        if left > 0:
            advice = f"Stuck? F2 shows a hint ({left} of {len(self.exercise.hints)} left)."
        else:
            advice = "Fix the first failing check, save, and look again."
        if line := self.error_line:
            advice = f"Ctrl+G puts the cursor on line {line} of your file. " + advice
        return advice

    @property
    def error_line(self) -> int | None:
        """The line of the learner's file that the last verdict blames (1-based), or None."""
        return error_line(self.last_report, self.path, self.exercise.file)

    def show_side(self, tab: str) -> None:
        """Bring the side pane's ``tab`` forward (on a narrow terminal, in place of the editor)."""
        self.query_one(TabbedContent).active = tab
        self.set_class(True, "-side-shown")
