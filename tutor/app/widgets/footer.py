"""The footer, keeping to the keys that fit: on a narrow terminal the rest stay one Ctrl+P (or F1) away."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 110  # columns: below this the footer shows only the screen's essential keys


class ResponsiveFooter(Footer):
    """A compact ``Footer`` that, below ``NARROW`` columns, leaves out the actions in ``extras``.

    Those keys still work and are listed in the command palette (Ctrl+P) and the help (F1): a
    footer cut at the terminal's edge drops keys at random and shows fragments of others.
    """

    def __init__(self, extras: frozenset[str] = frozenset(), **kwargs) -> None:
        super().__init__(compact=True, **kwargs)
        self.extras = extras
        self._narrow: bool | None = None

    @property
    def narrow(self) -> bool:
        return self.app.size.width < NARROW

    def compose(self):
        keys = list(super().compose())
        if self.narrow:
            keys = [key for key in keys if getattr(key, "action", None) not in self.extras]
        self.styles.grid_size_columns = max(1, sum(1 for key in keys if isinstance(key, FooterKey)
                                                   and not key.has_class("-command-palette")))
        self._narrow = self.narrow
        yield from keys

    def on_resize(self, event: events.Resize) -> None:
        if self._narrow is not None and self.narrow != self._narrow:
            self.call_later(self.recompose)
