"""One line under the header: compute device, workspace path, sandbox level and why (synced with the app)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tutor.app.machine import MachineInfo


class StatusBar(Static):
    """Shows ``app.machine``; updates itself when the device detection finishes."""

    def on_mount(self) -> None:
        self.watch(self.app, "machine", self._show)

    def _show(self, info: MachineInfo) -> None:
        separator = ("  │  ", "$text-muted")
        self.update(Content.assemble(
            info.device, separator, "workspace: ", info.workspace, separator, info.isolation))
        self.tooltip = f"{info.device}\n{info.isolation_detail}\nWorkspace: {info.workspace}"
