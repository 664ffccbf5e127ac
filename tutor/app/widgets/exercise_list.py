"""The course's exercises grouped by chapter, each with its status as a symbol and a word."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from tutor.app import labels
from tutor.course import Exercise
from tutor.grading.report import TODO
from tutor.progress import ExerciseProgress

WELCOME = "welcome"
PREFIX = "exercise:"


def matches(exercise: Exercise, query: str) -> bool:
    query = query.strip().lower()
    haystack = " ".join((exercise.id, exercise.title, exercise.chapter_title, exercise.summary)).lower()
    return all(word in haystack for word in query.split())


class ExerciseList(OptionList):
    """Options: an "About this course" entry, then per chapter a heading and its exercises."""

    BINDINGS = [Binding("enter", "select", "Open", tooltip="Open the highlighted exercise")]

    def show(self, exercises, progress: dict[str, ExerciseProgress], query: str = "",
             checking: str | None = None) -> int:
        """Rebuild the options, keeping the highlighted one; returns how many exercises match."""
        keep = self.highlighted_id
        options = [Option(Content.assemble(("ℹ ", "$text-accent"), "About this course"), id=WELCOME)]
        chapter, shown = None, 0
        for exercise in exercises:
            if not matches(exercise, query):
                continue
            if exercise.chapter != chapter:
                chapter = exercise.chapter
                options.append(Option(Content.styled(exercise.chapter_title, "bold"),
                                      id=f"chapter:{chapter}", disabled=True))
            entry = progress.get(exercise.id)
            status = labels.CHECKING if exercise.id == checking else (entry.status if entry else TODO)
            options.append(Option(self._prompt(exercise, status, entry), id=PREFIX + exercise.id))
            shown += 1
        self.set_options(options)
        if keep is not None:
            self.highlight_id(keep)
        return shown

    @staticmethod
    def _prompt(exercise: Exercise, status: str, entry: ExerciseProgress | None) -> Table:
        """Status in a fixed column, then the title on one line (cut with … where the list is narrow:
        the lesson pane beside it shows the whole title)."""
        title = Text(exercise.title, no_wrap=True, overflow="ellipsis")
        if entry and entry.max_score:
            title.append(f"  {labels.points(entry.best_score)}/{labels.points(entry.max_score)}", style="dim")
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(no_wrap=True, width=12)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_row(Text("  " + labels.status_text(status, 8), style=labels.RICH_STYLES.get(status, "")), title)
        return grid

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    @property
    def highlighted_exercise(self) -> str | None:
        option_id = self.highlighted_id
        return option_id[len(PREFIX):] if option_id and option_id.startswith(PREFIX) else None

    def highlight_id(self, option_id: str) -> bool:
        """Highlight the option with this id if it is listed; returns whether it was."""
        try:
            self.highlighted = self.get_option_index(option_id)
        except OptionDoesNotExist:  # filtered out
            return False
        return True
