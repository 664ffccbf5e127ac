"""The course screen: exercises by chapter with status and progress, a filter, and the lesson beside them."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Markdown, OptionList, Static

from tutor.app import labels
from tutor.app.widgets.exercise_list import PREFIX, WELCOME, ExerciseList
from tutor.app.widgets.status_bar import StatusBar
from tutor.grading.report import PASSED, TODO


class CourseScreen(Screen):
    """The home screen; the app's default screen."""

    BINDINGS = [
        Binding("enter", "open", "Open", tooltip="Open the highlighted exercise (on the welcome entry: the next one to do)"),
        Binding("slash", "filter", "Filter", tooltip="Type to filter exercises by title, chapter or summary"),
        Binding("escape", "clear_filter", "Clear filter", show=False, tooltip="Clear the filter"),
        Binding("q", "app.quit", "Quit", tooltip="Quit dltutor (your work is saved in the workspace)"),
    ]

    def __init__(self, first_run: bool = False) -> None:
        super().__init__()
        self.first_run = first_run
        self._lessons: dict[str, str] = {}
        self._shown: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar(id="status-bar")
        with Horizontal(id="course-body"):
            with Vertical(id="sidebar"):
                yield Input(placeholder="Filter exercises  (/)", id="filter")
                yield Static(id="summary")
                yield ExerciseList(id="exercises")
            with VerticalScroll(id="lesson-pane"):
                yield Static(id="lesson-meta")
                yield Markdown(id="lesson")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title, self.sub_title = "dltutor", self.app.course.title
        listing = self.query_one(ExerciseList)
        self.refresh_status()
        if self.first_run or not listing.highlight_id(PREFIX + (self.next_exercise() or "")):
            listing.highlight_id(WELCOME)
        listing.focus()

    def next_exercise(self) -> str | None:
        """The first exercise not passed yet (where a returning learner carries on)."""
        progress = self.app.progress
        for exercise in self.app.course.exercises:
            if not (entry := progress.get(exercise.id)) or not entry.ever_passed:
                return exercise.id
        return None

    def refresh_status(self) -> None:
        """Redraw statuses, the summary and the highlighted entry's lesson header."""
        app = self.app
        query = self.query_one("#filter", Input).value
        shown = self.query_one(ExerciseList).show(app.course.exercises, app.progress, query, app.checking)
        self.query_one("#summary", Static).update(self._summary(shown, query))
        self._show_selected()

    def _summary(self, shown: int, query: str) -> Content:
        exercises, progress = self.app.course.exercises, self.app.progress
        entries = [progress[e.id] for e in exercises if e.id in progress and progress[e.id].status != TODO]
        passed = sum(1 for e in entries if e.status == PASSED)
        text = f"{passed} of {len(exercises)} passed"
        if entries:
            score = sum(e.best_score for e in entries)
            total = sum(e.max_score for e in entries)
            text += f" · score {labels.points(score)}/{labels.points(total)}"
            if len(entries) < len(exercises):
                text += f" ({len(entries)} checked)"
        if query.strip():
            text += f" · {shown} match{'es' if shown != 1 else ''}"
        return Content(text)

    @on(OptionList.OptionHighlighted, "#exercises")
    def _show_selected(self) -> None:
        listing = self.query_one(ExerciseList)
        exercise_id, meta = listing.highlighted_exercise, self.query_one("#lesson-meta", Static)
        if exercise_id is None:
            meta.display = False
            self._show_markdown(WELCOME, self._welcome())
            return
        exercise = self.app.course.get(exercise_id)
        entry = self.app.progress.get(exercise_id)
        parts = [labels.status_content(entry.status if entry else TODO), f" · file {exercise.file}"]
        if entry and entry.attempts:
            parts.append(f" · best {labels.points(entry.best_score)}/{labels.points(entry.max_score)}"
                         f" in {entry.attempts} check{'s' if entry.attempts != 1 else ''}")
        parts.append(("  Enter opens it", "$text-muted"))
        meta.update(Content.assemble(*parts))
        meta.display = True
        if exercise_id not in self._lessons:
            try:
                self._lessons[exercise_id] = exercise.lesson_path.read_text(encoding="utf-8")
            except OSError as exc:
                self._lessons[exercise_id] = f"The lesson could not be read: {exc}"
        self._show_markdown(exercise_id, self._lessons[exercise_id])

    def _show_markdown(self, key: str, text: str) -> None:
        if self._shown != key:
            self._shown = key
            self.query_one("#lesson", Markdown).update(text)
            self.query_one("#lesson-pane").scroll_home(animate=False)

    def _welcome(self) -> str:
        app = self.app
        course, where = app.course, app.machine.workspace
        first = course.exercises[0] if course.exercises else None
        created = "was just created at" if self.first_run else "is"
        example = f" (for example `{first.file}`)" if first else ""
        return "\n\n".join([
            f"# {course.title}",
            course.welcome.strip() or "Welcome to dltutor.",
            "## Your workspace",
            f"Your workspace {created} `{where}`. Each exercise is a Python file there{example}. "
            "Edit it in the built-in editor or in your own editor: dltutor checks it every time you save.",
            "## How to start",
            "1. Move through the exercises on the left with ↑ and ↓ and read each lesson here.\n"
            "2. Press **Enter** to open one: your file in an editor, with the results beside it.\n"
            "3. Press **Ctrl+S** to save: dltutor checks your code and explains every check.\n"
            "4. Stuck? **F2** shows a hint, one at a time. The solution opens after you pass.",
            "Press **?** (or **F1**) for every key, **Ctrl+P** for the command palette, **q** to quit.",
        ])

    @on(OptionList.OptionSelected, "#exercises")
    def action_open(self) -> None:
        listing = self.query_one(ExerciseList)
        exercise_id = listing.highlighted_exercise
        if listing.highlighted_id == WELCOME:
            exercise_id = self.next_exercise() or (self.app.course.ids or [None])[0]
        if exercise_id:
            self.app.open_exercise(exercise_id)

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refresh_status()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        listing = self.query_one(ExerciseList)
        first = next((o.id for o in listing.options if o.id and o.id.startswith(PREFIX)), None)
        if first:
            listing.highlight_id(first)
        listing.focus()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one(ExerciseList).focus()
