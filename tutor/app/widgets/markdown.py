"""Lessons and solutions as Markdown whose code blocks scroll sideways, by keyboard too, instead of being cut off."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownFence


class ScrollableFence(MarkdownFence):
    """A code block that can take focus (Tab) and scroll with ←/→, Home and End when wider than the pane."""

    can_focus = True
    BINDINGS = [
        Binding("left", "scroll_left", "Scroll left", show=False),
        Binding("right", "scroll_right", "Scroll right", show=False),
        Binding("home", "scroll_home_x", "Start of lines", show=False),
        Binding("end", "scroll_end_x", "End of lines", show=False),
    ]

    def action_scroll_home_x(self) -> None:
        self.scroll_to(x=0, animate=False)

    def action_scroll_end_x(self) -> None:
        self.scroll_to(x=self.max_scroll_x, animate=False)


class LessonMarkdown(Markdown):
    """Markdown with ``ScrollableFence`` code blocks."""

    BLOCKS = {**Markdown.BLOCKS, "fence": ScrollableFence, "code_block": ScrollableFence}
