"""Status labels for the UI: a symbol and a word for every status (never colour alone), and points."""

from __future__ import annotations

from textual.content import Content

from tutor.grading.report import SYMBOLS

CHECKING = "checking"
RICH_STYLES = {"passed": "green", "failed": "red", "error": "red", "timeout": "yellow", "ungradable": "yellow",
               "skipped": "blue", "todo": "dim", CHECKING: "cyan"}
STYLES = {
    "passed": "$text-success", "failed": "$text-error", "error": "$text-error",
    "timeout": "$text-warning", "ungradable": "$text-warning", "skipped": "$text-secondary",
    "todo": "$text-muted", CHECKING: "$text-accent",
}


def symbol(status: str) -> str:
    return "⟳" if status == CHECKING else SYMBOLS.get(status, "?")


def status_text(status: str, width: int = 0) -> str:
    return f"{symbol(status)} {status:<{width}}"


def status_content(status: str, width: int = 0) -> Content:
    return Content.styled(status_text(status, width), STYLES.get(status, ""))


def points(value: float) -> str:
    return f"{value:g}"
