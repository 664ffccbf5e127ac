"""One line under the header: compute device, workspace path, sandbox level and why (synced with the app)."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Static

from tutor.app.machine import MachineInfo

NARROW = 110  # columns: below this the bar keeps the level's name and leaves its layers to the help (F1)


class StatusBar(Static):
    """Shows ``app.machine``; updates itself when the device detection finishes and when resized."""

    def on_mount(self) -> None:
        self.watch(self.app, "machine", self._show)

    def on_resize(self, event: events.Resize) -> None:
        self._show(self.app.machine)

    def _show(self, info: MachineInfo) -> None:
        separator = ("  │  ", "$text-muted")
        narrow = self.app.size.width < NARROW
        isolation = info.isolation.split(" (")[0] if narrow else info.isolation
        parts = [info.device, separator, isolation, separator]
        parts += [info.workspace] if narrow else ["workspace: ", info.workspace]
        if info.keras:  # last: on a narrow terminal it is the part that may be cut
            parts += [separator, info.keras]
        self.update(Content.assemble(*parts))
        self.tooltip = f"{info.device}\n{info.isolation_detail}\nWorkspace: {info.workspace}"
