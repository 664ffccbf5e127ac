"""Notices when a learner file changes on disk (another editor saved it), by polling its stat."""

from __future__ import annotations

import os
from pathlib import Path


class FileWatch:
    """Remembers a file's (mtime, size, inode); an atomic replace changes the inode, so it counts too."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.stamp: tuple | None = None

    def current(self) -> tuple | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size, info.st_ino

    def mark(self) -> None:
        """Take the file as it is now as seen (after we wrote or read it ourselves)."""
        self.stamp = self.current()

    def changed(self) -> bool:
        """Whether the file changed since the last mark or check; marks it seen."""
        now = self.current()
        if now == self.stamp:
            return False
        self.stamp = now
        return True

    def read(self) -> str:
        """The file's text, or "" when it is missing or not UTF-8 (the grader explains which)."""
        try:
            return self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ""
