"""Opens a learner file in $VISUAL / $EDITOR with the app suspended; replaceable for tests."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path


def editor_command() -> list[str]:
    """The learner's editor: $VISUAL, then $EDITOR, then nano or vi."""
    for variable in ("VISUAL", "EDITOR"):
        if value := os.environ.get(variable, "").strip():
            return shlex.split(value)
    return ["nano"] if shutil.which("nano") else ["vi"]


def edit_in_terminal(app, path: Path) -> None:
    """Suspend ``app``, run the editor on ``path`` in this terminal, resume.

    Raises ``textual.app.SuspendNotSupported`` where the app cannot give up the terminal
    (headless tests, some Windows terminals), and ``OSError`` when the editor cannot start.
    """
    with app.suspend():
        subprocess.call([*editor_command(), str(path)])
