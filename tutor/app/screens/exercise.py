"""One exercise: the learner's file in an editor, results, lesson, hints and solution; saves, checks, watches."""

from __future__ import annotations

from pathlib import Path

from textual import events, on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static, TabbedContent, TabPane, TextArea

from tutor.app.screens.confirm import ConfirmDialog
from tutor.app.screens.verdicts import ShowsVerdicts
from tutor.app.watch import FileWatch
from tutor.app.widgets.code_editor import CodeEditor
from tutor.app.widgets.footer import ResponsiveFooter
from tutor.app.widgets.hints import HintsView, solution_markdown
from tutor.app.widgets.markdown import LessonMarkdown
from tutor.app.widgets.results import ResultsPanel
from tutor.app.widgets.status_bar import StatusBar
from tutor.app.widgets.training import TrainingView
from tutor.atomic import write_atomic
from tutor.course import Exercise
from tutor.grading.report import TODO, GradeReport
from tutor.progress import ExerciseProgress
from tutor.workspace import WorkspaceError

NARROW = 100  # columns: below this the editor and the side pane take turns instead of sharing the width
# What the footer leaves out by width (those keys stay in the palette and the help): every key
# fits from 130 columns, the common ones at 120, the essentials at 80.
FOOTER_TIERS = [
    (130, frozenset()),
    (100, frozenset({"external_editor", "reset"})),
    (0, frozenset({"lesson", "external_editor", "goto_error", "toggle_watch", "solution", "reset"})),
]


class ExerciseScreen(ShowsVerdicts, Screen):
    """Edits and grades one exercise; the app routes grading messages here (``ShowsVerdicts``)."""

    BINDINGS = [
        Binding("ctrl+s", "save_and_check", "Save+check", tooltip="Save the editor to your file and check it"),
        Binding("f5", "check", "Check", tooltip="Check the saved file (ignores unsaved edits)"),
        Binding("ctrl+r", "check", "Check", show=False),
        Binding("f2", "hint", "Hint", tooltip="Show the next hint (they unlock one at a time)"),
        Binding("h", "hint", "Hint", show=False),
        Binding("f3", "lesson", "Lesson", tooltip="Show the lesson beside the editor"),
        Binding("l", "lesson", "Lesson", show=False),
        # priority: over the editor's own F6 (select line), as F6 moves between panes in most programs
        Binding("f6", "results", "Results", priority=True,
                tooltip="Show the results and move there from the editor; again: back to the editor"),
        Binding("f4", "external_editor", "Editor", tooltip="Open the file in $VISUAL / $EDITOR"),
        Binding("e", "external_editor", "Editor", show=False),
        Binding("ctrl+g", "goto_error", "Error",
                tooltip="Go to the line of your file where the last error happened"),
        Binding("f8", "reset", "Reset", tooltip="Restore the starter file (yours is kept as a backup)"),
        Binding("f9", "toggle_watch", "Watch", tooltip="Watch mode on/off: check whenever the file changes on disk"),
        Binding("w", "toggle_watch", "Watch", show=False),
        Binding("f10", "solution", "Solution", tooltip="Show the reference solution (after you passed)"),
        Binding("s", "solution", "Solution", show=False),
        Binding("escape", "back", "Back", priority=True, tooltip="Back to the course list"),
    ]
    # Command palette titles where the footer's word is kept short.
    PALETTE_TITLES = {"goto_error": "Go to error", "results": "Results / back to the editor"}

    def __init__(self, exercise: Exercise, root: Path) -> None:
        super().__init__()
        self.exercise = exercise
        self.file = FileWatch(root, exercise.file)
        self.path = self.file.path
        self.watching = True
        self._saved_text = ""
        self.last_report: GradeReport | None = None

    # -- layout ------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar(id="status-bar")
        with Horizontal(id="exercise-body"):
            with Vertical(id="editor-column"):
                yield Static(id="file-banner")
                editor = CodeEditor.code_editor(language="python", id="editor")
                editor.cursor_blink = self.app.cursor_blink
                yield editor
            with TabbedContent(id="side", initial="results"):
                with TabPane("Results", id="results"):
                    with VerticalScroll(id="results-scroll"):
                        yield ResultsPanel(id="results-panel")
                with TabPane("Lesson", id="lesson"):
                    with VerticalScroll():
                        yield LessonMarkdown(self._lesson(), id="lesson-text")
                with TabPane("Hints", id="hints"):
                    with VerticalScroll():
                        yield HintsView(id="hints-text")
                with TabPane("Solution", id="solution"):
                    with VerticalScroll():
                        yield LessonMarkdown(id="solution-text")
        yield ResponsiveFooter(FOOTER_TIERS)

    def _lesson(self) -> str:
        try:
            return self.exercise.lesson_path.read_text(encoding="utf-8")
        except OSError as exc:
            return f"The lesson could not be read: {exc}"

    def on_mount(self) -> None:
        self.title, self.sub_title = "dltutor", self.exercise.title
        self._load_from_disk()
        entry = self.entry
        self.query_one(HintsView).show(self.exercise, entry.hints_shown)
        self.query_one("#solution-text", LessonMarkdown).update(
            solution_markdown(self.exercise, self.app.solution_unlocked(self.exercise)))
        self._fit(self.app.size.width)
        if self.app.checking == self.exercise.id:
            self.query_one(ResultsPanel).show_running("in progress")
        else:
            self._show_idle()
        self.set_interval(self.app.watch_interval, self._poll)
        self.query_one("#editor").focus()
        self.app.prewarm(self.exercise)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        """Below ``NARROW`` columns the editor and the side pane take turns at the full width."""
        self.set_class(width < NARROW, "-narrow")

    @property
    def entry(self) -> ExerciseProgress:
        return self.app.progress.get(self.exercise.id) or ExerciseProgress()

    @property
    def modified(self) -> bool:
        return self.query_one("#editor", TextArea).text != self._saved_text

    def _show_idle(self) -> None:
        status = self.entry.status
        note = ("Press Ctrl+S to save and check your code, or F5 to check the saved file."
                if status == TODO else "Press F5 to check it again.")
        self.query_one(ResultsPanel).show_idle(status, note)

    def _update_titles(self) -> None:
        editor = self.query_one("#editor", TextArea)
        editor.border_title = ("● " if self.modified else "") + self.exercise.file
        state = "unsaved changes" if self.modified else "saved"
        row, column = editor.cursor_location
        watch = "on" if self.watching else "off"
        editor.border_subtitle = f"{state} · watch {watch} · Ln {row + 1}, Col {column + 1}"
        editor.set_class(self.modified, "-modified")

    # -- the file on disk ------------------------------------------------------------------------
    def _load_from_disk(self) -> None:
        """Put the file's current text in the editor, keeping the cursor where it was."""
        self.file.mark()
        self._saved_text = self.file.read()
        self._banner(self.file.problem)
        editor = self.query_one("#editor", TextArea)
        if editor.text != self._saved_text:
            cursor = editor.cursor_location
            editor.load_text(self._saved_text)
            row = min(cursor[0], editor.document.line_count - 1)
            editor.cursor_location = (row, min(cursor[1], len(editor.document.get_line(row))))
        self._update_titles()

    def _banner(self, problem: str) -> None:
        """Above the editor: why the file shown is not the learner's code (missing, a link…), or nothing."""
        banner = self.query_one("#file-banner", Static)
        banner.update(f"⚠ {problem}. F8 restores the starter (a file you had is kept as a backup)."
                      if problem else "")
        banner.set_class(bool(problem), "-shown")

    def _poll(self) -> None:
        """Watch mode: check again whenever the file changes on disk (another editor saved it)."""
        if not self.watching or not self.file.changed():
            return
        if self.modified:
            self.notify("The file changed on disk while you have unsaved edits here; they were kept. "
                        "Ctrl+S would overwrite the file with them.", title="File changed", severity="warning")
        else:
            self._load_from_disk()
        self.app.grade_exercise(self.exercise, "watch")

    @on(TextArea.Changed, "#editor")
    @on(TextArea.SelectionChanged, "#editor")
    def _edited(self) -> None:
        self._update_titles()

    # -- actions ---------------------------------------------------------------------------------
    def save(self) -> None:
        text = self.query_one("#editor", TextArea).text
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, text)
        self._saved_text = text
        self.file.mark()
        self._banner("")
        self._update_titles()

    def action_save_and_check(self) -> None:
        try:
            self.save()
        except OSError as exc:
            self.notify(f"Could not save {self.path}: {exc}", title="Not saved", severity="error")
            return
        self.app.grade_exercise(self.exercise, "save")

    def action_check(self) -> None:
        if self.modified:
            self.notify("Checking the saved file: your unsaved edits are not included (Ctrl+S saves them).")
        self.app.grade_exercise(self.exercise, "check")

    def action_hint(self) -> None:
        total = len(self.exercise.hints)
        if not total:
            self.notify("This exercise has no hints.")
            return
        before = self.entry.hints_shown
        entry = self.app.reveal_hint(self.exercise)
        self.query_one(HintsView).show(self.exercise, entry.hints_shown)
        self.show_side("hints")
        if entry.hints_shown == before:
            self.notify("That was the last hint: all of them are shown.")

    def action_goto_error(self) -> None:
        line = self.error_line
        if line is None:
            self.notify("There is no error line in the last verdict.", title="Go to error")
            return
        editor = self.query_one("#editor", TextArea)
        row = min(line, editor.document.line_count) - 1
        text = editor.document.get_line(row)
        editor.cursor_location = (row, len(text) - len(text.lstrip()))
        self.set_class(False, "-side-shown")
        editor.focus()
        editor.scroll_cursor_visible(center=True)
        if self.modified:
            self.notify(f"Line {line} of the saved file; your unsaved edits may have moved it.", title="Go to error")

    def action_lesson(self) -> None:
        self.show_side("lesson")

    def action_results(self) -> None:
        """To the results (and the focus there); from the results, back to the editor."""
        editor = self.query_one("#editor", TextArea)
        on_results = self.query_one(TabbedContent).active == "results"
        if self.has_class("-narrow"):
            back = self.has_class("-side-shown") and on_results
        else:
            back = not editor.has_focus and on_results
        if back:
            self.set_class(False, "-side-shown")
            editor.focus()
            return
        self.show_side("results")
        self.query_one("#results-scroll").focus()

    def action_solution(self) -> None:
        if not self.app.solution_unlocked(self.exercise):
            again = " again, as it is now" if self.entry.ever_passed else ""
            self.notify(f"The reference solution opens once your file passes{again} (F5 checks it).",
                        title="Not yet")
            return
        self.show_side("solution")

    def action_toggle_watch(self) -> None:
        self.watching = not self.watching
        self.file.mark()
        self._update_titles()
        self.notify(f"Watch mode {'on: saving the file anywhere checks it' if self.watching else 'off'}.")

    def action_external_editor(self) -> None:
        if self.modified:
            self.save()
        try:
            self.app.external_editor(self.app, self.path)
        except SuspendNotSupported:
            self.notify(f"This terminal cannot hand over to another editor. Edit {self.path} in another "
                        "window: watch mode checks it when you save.", title="No external editor", severity="warning")
            return
        except OSError as exc:
            self.notify(f"Could not start your editor: {exc}. Set $EDITOR.", severity="error")
            return
        changed = self.file.changed()
        self._load_from_disk()
        if changed:
            self.app.grade_exercise(self.exercise, "editor")

    def action_reset(self) -> None:
        dialog = ConfirmDialog(
            f"Reset {self.exercise.title} to its starter?",
            f"Your current {self.exercise.file} is kept as a backup in the workspace's .dltutor/backups folder.",
            yes="Reset")
        self.app.push_screen(dialog, self._reset_confirmed)

    def _reset_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            backup = self.app.reset_exercise(self.exercise)
        except WorkspaceError as exc:
            self.notify(str(exc), title="Not reset", severity="error")
            return
        self.last_report = None
        self._load_from_disk()
        self.query_one(TrainingView).reset()
        self.query_one(ResultsPanel).show_idle(TODO, "The starter is back. " + (
            f"Your previous file is kept as {backup.name} in .dltutor/backups." if backup else ""))
        self.notify("Restored the starter." + (f" Backup: {backup}" if backup else ""), title="Reset")

    def action_back(self) -> None:
        if not self.modified:
            self.dismiss()
            return
        dialog = ConfirmDialog("Leave without saving?", "Your edits since the last save will be lost "
                               "(Ctrl+S saves them).", yes="Leave", no="Stay")
        self.app.push_screen(dialog, lambda leave: self.dismiss() if leave else None)
