"""A progress line on stderr while a training exercise trains: in place on a terminal, a few lines otherwise."""

from __future__ import annotations

import sys


class TrainingProgress:
    """An ``on_event`` callback for the grader that shows epoch events."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self._open_line = False

    def __call__(self, event: dict) -> None:
        if event.get("event") == "trainer" and event.get("gpus"):
            self._say(f"training on {', '.join(event['gpus'])}")
        if event.get("event") != "epoch":
            return
        epoch, epochs = int(event.get("epoch", 0)), max(1, int(event.get("epochs", 1)))
        metrics = " · ".join(f"{k} {v:.4f}" for k, v in (event.get("metrics") or {}).items())
        line = (f"epoch {epoch}/{epochs} · loss {float(event.get('loss', 0.0)):.4f}"
                + (f" · {metrics}" if metrics else "") + f" · {float(event.get('seconds') or 0):.1f} s")
        if self.live:
            self.stream.write("\r\033[K" + line)
            self._open_line = epoch < epochs
            if not self._open_line:
                self.stream.write("\n")
        elif epoch == epochs or epoch == 1 or epoch % max(1, epochs // 10) == 0:
            self.stream.write(line + "\n")
        self.stream.flush()

    def _say(self, text: str) -> None:
        if self._open_line:
            self.stream.write("\n")
            self._open_line = False
        self.stream.write(text + "\n")

    def close(self) -> None:
        if self._open_line:
            self.stream.write("\n")
            self.stream.flush()
