"""The only module that knows where things live: the course, workspaces and the default paths.

Nothing is created at import time. ``DLTUTOR_WORKSPACE``, ``DLTUTOR_COURSE`` and
``DLTUTOR_STATE_DIR`` override the defaults (and keep tests sealed off from a developer's own files).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MARKER = ".dltutor"
PACKAGE_DIR = Path(__file__).resolve().parent


def default_course_root() -> Path:
    """The course shipped with dltutor: the checkout beside the package, or <prefix>/share/dltutor."""
    if env := os.environ.get("DLTUTOR_COURSE"):
        return Path(env).expanduser().resolve()
    checkout = PACKAGE_DIR.parent
    if (checkout / "exercises" / "course.toml").is_file():
        return checkout
    for prefix in (sys.prefix, sys.base_prefix):
        installed = Path(prefix) / "share" / "dltutor"
        if (installed / "exercises" / "course.toml").is_file():
            return installed
    return checkout


def default_workspace() -> Path:
    """Where a learner's workspace lives when nothing else says: the platform's user data dir."""
    import platformdirs

    return Path(platformdirs.user_data_dir("dltutor", appauthor=False)) / "workspace"


def find_workspace(explicit: str | os.PathLike | None = None, cwd: Path | None = None) -> Path:
    """--workspace > DLTUTOR_WORKSPACE > a folder at or above cwd holding .dltutor/ > default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    if env := os.environ.get("DLTUTOR_WORKSPACE"):
        return Path(env).expanduser().resolve()
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_dir():
            return folder
    return default_workspace()


def state_dir() -> Path:
    """dltutor's own state, outside every workspace (the passes this grader saw): the platform's
    user state folder, or ``$DLTUTOR_STATE_DIR``."""
    if env := os.environ.get("DLTUTOR_STATE_DIR"):
        return Path(env).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_state_dir("dltutor", appauthor=False))


def is_workspace(path: Path) -> bool:
    return (Path(path) / MARKER).is_dir()
