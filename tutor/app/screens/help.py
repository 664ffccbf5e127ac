"""The help screen: every key of every screen (read from the bindings themselves) and this machine."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter", "tab": "Tab"}
EDITOR_NOTE = ("In the built-in editor letters type text: use the F keys and Ctrl shortcuts there, "
               "or press Shift+Tab to leave the editor and use the letter keys.")


def key_name(key: str) -> str:
    key = key.strip()
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key_name(key[5:]).upper()
    if key.startswith("f") and key[1:].isdigit():
        return key.upper()
    return key


def key_rows(bindings) -> list[tuple[str, str]]:
    """One row per action, all of its keys joined: ("F2, h", "Show the next hint …")."""
    rows: dict[str, tuple[list[str], str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding) or binding.system:
            continue
        keys, text = rows.setdefault(binding.action, ([], ""))
        keys.extend(key_name(k) for k in binding.key.split(","))
        rows[binding.action] = (keys, text or binding.tooltip or binding.description)
    return [(", ".join(keys), text) for keys, text in rows.values() if text]


def help_sections(app) -> list[tuple[str, list[tuple[str, str]]]]:
    from tutor.app.screens.course import CourseScreen  # noqa: PLC0415  (the screens import this module)
    from tutor.app.screens.exercise import ExerciseScreen  # noqa: PLC0415  (the screens import this module)

    info = app.machine
    return [
        ("Everywhere", key_rows(app.BINDINGS) + [("Ctrl+P", "Command palette: find any action by name")]),
        ("Course list", key_rows(CourseScreen.BINDINGS)),
        ("Exercise", key_rows(ExerciseScreen.BINDINGS)),
        ("This machine", [("Device", info.device), ("Sandbox", info.isolation_detail),
                          ("Workspace", f"{info.workspace} (your exercise files)")]),
    ]


def rows_table(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(width=12, no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for key, text in rows:
        table.add_row(key, Text(text))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the keys; closes with Esc, q, ? or F1."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss(None)", "Close help")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            with VerticalScroll(id="help-scroll"):
                for title, rows in help_sections(self.app):
                    yield Static(title, classes="help-title")
                    yield Static(rows_table(rows), classes="help-rows")
                    if title == "Exercise":
                        yield Static(EDITOR_NOTE, classes="help-note")
            yield Static("Esc closes this help", id="help-footer")
