"""The hints revealed so far (one at a time) and, after a pass, the reference solution."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Markdown

from tutor.course import Exercise


def hints_markdown(exercise: Exercise, shown: int) -> str:
    total = len(exercise.hints)
    if not total:
        return "This exercise has no hints."
    parts = [f"**Hint {i} of {total}.** {text}" for i, text in enumerate(exercise.hints[:shown], start=1)]
    if shown < total:
        parts.append(f"*Press F2 (or h outside the editor) for hint {shown + 1} of {total}.*")
    else:
        parts.append("*That was the last hint.*")
    return "\n\n".join(parts)


def solution_markdown(exercise: Exercise, passed: bool) -> str:
    if not passed:
        return ("The reference solution opens once you pass this exercise.\n\n"
                "Until then, the hints (F2) point the way one step at a time.")
    try:
        source = Path(exercise.solution_path).read_text(encoding="utf-8")
    except OSError as exc:
        return f"The reference solution could not be read: {exc}"
    return ("You passed. This is the reference solution; yours may differ and still be right.\n\n"
            f"```python\n{source.rstrip()}\n```")


class HintsView(Markdown):
    """Markdown listing hints 1..shown of an exercise."""

    def show(self, exercise: Exercise, shown: int) -> None:
        self.update(hints_markdown(exercise, shown))
