"""The footer, keeping to the keys that fit: on a narrower terminal the rest stay one Ctrl+P (or F1) away."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # no public import in Textual 8; compose() yields them


class ResponsiveFooter(Footer):
    """A compact ``Footer`` that leaves out, by terminal width, the actions a tier names.

    ``tiers`` is ``[(min_width, left_out), …]`` from the widest down: the first tier whose
    ``min_width`` the terminal reaches decides. Left-out keys still work and are listed in the
    command palette (Ctrl+P) and the help (F1): a footer cut at the terminal's edge would drop
    keys at random and show fragments of others.
    """

    def __init__(self, tiers: list[tuple[int, frozenset[str]]], **kwargs) -> None:
        super().__init__(compact=True, **kwargs)
        self.tiers = sorted(tiers, reverse=True)
        self._shown_for: frozenset[str] | None = None

    def left_out(self) -> frozenset[str]:
        width = self.app.size.width
        return next((out for minimum, out in self.tiers if width >= minimum), frozenset())

    def compose(self):
        left_out = self.left_out()
        keys = [key for key in super().compose() if getattr(key, "action", None) not in left_out]
        self.styles.grid_size_columns = max(1, sum(1 for key in keys if isinstance(key, FooterKey)
                                                   and not key.has_class("-command-palette")))
        self._shown_for = left_out
        yield from keys

    def on_resize(self, event: events.Resize) -> None:
        if self._shown_for is not None and self.left_out() != self._shown_for:
            self.call_later(self.recompose)
