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
    where it really is, not where ``sys.prefix`` guesses it is. Of several copies on ``sys.path``,
    the one this package was imported from."""
    from importlib import metadata  # noqa: PLC0415  (only when a default is needed)

    for distribution in metadata.distributions(name="dltutor"):
        files = list(distribution.files or ())
        if not any(entry.parts[-2:] == ("tutor", "__init__.py")
                   and Path(str(distribution.locate_file(entry))).resolve().parent == PACKAGE_DIR for entry in files):
            continue
        for entry in files:
            if entry.parts[-2:] == MANIFEST and "dltutor" in entry.parts[:-2]:
                # `pip install --target` moves share/ beside the packages but keeps the RECORD it
                # wrote for a temporary prefix (../../share/…): look there too.
                beside = Path(str(distribution.locate_file(""))).joinpath(*(p for p in entry.parts if p != ".."))
                for manifest in (Path(str(distribution.locate_file(entry))), beside):
                    if manifest.is_file():
                        return manifest.resolve().parent.parent
    return None


def default_workspace() -> Path:
    """Where a learner's workspace lives when nothing else says: the platform's user data dir."""
    import platformdirs  # noqa: PLC0415  (only when a default is needed)

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
    import platformdirs  # noqa: PLC0415  (only when a default is needed)

    return Path(platformdirs.user_state_dir("dltutor", appauthor=False))


PROBE_CACHE_ENV = "DLTUTOR_ISOLATION_PROBE_CACHE"


def probe_cache() -> Path:
    """Where the isolation probe keeps what it found (``$DLTUTOR_ISOLATION_PROBE_CACHE``, else the
    platform's user cache folder); the isolated child's import path is kept beside it."""
    if env := os.environ.get(PROBE_CACHE_ENV):
        return Path(env)
    import platformdirs  # noqa: PLC0415  (only when a default is needed)

    return Path(platformdirs.user_cache_dir("dltutor", appauthor=False)) / "isolation-probe.json"


PRETRAINED_CACHE_ENV = "DLTUTOR_CACHE_DIR"


def pretrained_cache() -> Path:
    """Where the trusted trainer keeps the bases it pre-trained (``$DLTUTOR_CACHE_DIR/pretrained``, else
    the platform's user cache folder): the grader's own, and no sandbox may read it."""
    if env := os.environ.get(PRETRAINED_CACHE_ENV):
        return Path(env).expanduser() / "pretrained"
    import platformdirs  # noqa: PLC0415  (only when a default is needed)

    return Path(platformdirs.user_cache_dir("dltutor", appauthor=False)) / "pretrained"


def is_workspace(path: Path) -> bool:
    return (Path(path) / MARKER).is_dir()
