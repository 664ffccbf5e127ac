"""The learner's editor: Textual's code editor that shows each line from its start whenever the cursor allows."""

from __future__ import annotations

from textual.geometry import Offset
from textual.widgets import TextArea


class CodeEditor(TextArea):
    """A ``TextArea`` that scrolls back to column 0 whenever the cursor fits without horizontal scrolling.

    Textual's own editor scrolls only as far as the cursor needs: after the cursor has visited
    the end of a long line, moving to a shorter one leaves the view scrolled right, so the first
    characters of every line stay hidden and the file looks damaged.
    """

    def scroll_cursor_visible(self, center: bool = False, animate: bool = False) -> Offset:
        if self._has_cursor and self.scroll_x:
            self._recompute_cursor_offset()
            cursor_x, _ = self._cursor_offset
            if cursor_x + 3 + self.gutter_width <= self.scrollable_content_region.width:
                self.scroll_to(x=0, animate=False, force=True, immediate=True)
        return super().scroll_cursor_visible(center=center, animate=animate)
