"""Notices when a learner file changes on disk (another editor saved it), by polling its stat, and reads it safely."""

from __future__ import annotations

import os
from pathlib import Path

from tutor.learner_files import EMPTY, LearnerFileProblem, read_learner_file


class FileWatch:
    """Remembers a file's (mtime, size, inode); an atomic replace changes the inode, so it counts too."""

    def __init__(self, root: Path, relative: str) -> None:
        self.root, self.relative = Path(root), relative
        self.path = self.root / relative
        self.stamp: tuple | None = None
        self.problem = ""  # why the last read found no code to show (missing, a link, not UTF-8…)

    def current(self) -> tuple | None:
        try:
            info = os.lstat(self.path)
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
        """The file's text, read the one safe way (``learner_files``); "" and ``problem`` set when
        there is none to show (the grader explains the same problem in its verdict)."""
        try:
            text, self.problem = read_learner_file(self.root, self.relative).text, ""
        except LearnerFileProblem as problem:
            text, self.problem = "", "" if problem.kind == EMPTY else str(problem)
        return text
