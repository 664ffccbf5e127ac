"""The only module that knows where things live: the course, workspaces and the default paths.

Nothing is created at import time. ``DLTUTOR_WORKSPACE``, ``DLTUTOR_COURSE`` and
``DLTUTOR_STATE_DIR`` override the defaults (and keep tests sealed off from a developer's own files).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

MARKER = ".dltutor"
PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT = PACKAGE_DIR.parent  # a clone (or an editable install) keeps the course beside the package


MANIFEST = ("exercises", "course.toml")


def default_course_root() -> Path:
    """The course shipped with dltutor: ``$DLTUTOR_COURSE``, else the checkout beside the package
    (a clone or an editable install), else the installed distribution's data (``installed_course``)."""
    if env := os.environ.get("DLTUTOR_COURSE"):
        return Path(env).expanduser().resolve()
    if (CHECKOUT / "exercises" / "course.toml").is_file():
        return CHECKOUT
    return installed_course() or CHECKOUT


def course_is_installed(root: Path) -> bool:
    """True when ``root`` is the course a wheel installed (package data: not an author's to edit)."""
    installed = installed_course()
    return installed is not None and Path(root).resolve() == installed and root != CHECKOUT


@lru_cache(maxsize=1)
def installed_course() -> Path | None:
    """Where pip put the course of the installed ``dltutor`` distribution, whatever the scheme
    (a venv, ``--user``, ``--prefix``, ``--target``): the distribution's own file list (its
    RECORD) names every file it installed, relative to its site folder, so the manifest is found
    where it really is, not where ``sys.prefix`` guesses it is."""
    from importlib import metadata

    try:
        distribution = metadata.distribution("dltutor")
    except metadata.PackageNotFoundError:
        return None
    for entry in distribution.files or ():
        if entry.parts[-2:] == MANIFEST and "dltutor" in entry.parts[:-2]:
            manifest = Path(distribution.locate_file(entry)).resolve()
            if manifest.is_file() and _same_install(distribution):
                return manifest.parent.parent
    return None


def _same_install(distribution) -> bool:
    """The distribution found is the one this package came from (not another copy on sys.path)."""
    for entry in distribution.files or ():
        if entry.parts[-2:] == ("tutor", "__init__.py"):
            return Path(distribution.locate_file(entry)).resolve().parent == PACKAGE_DIR
    return False


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
