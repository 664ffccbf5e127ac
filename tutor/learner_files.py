"""The one safe way to read a learner's file: a regular file inside the workspace, reached without links, capped.

The grader may run with more rights than the learner (root in CI, the instructor's account),
so it must never read a file *for* a learner by following a name the learner controls. Every
reader of learner files (``check``, ``grade``, ``validate``, the app, earlier exercises'
files through ``uses``) goes through ``read_learner_file``:

- each folder from the workspace root down is opened with ``O_NOFOLLOW`` relative to the one
  above it (``openat``), so no symbolic link anywhere below the root is followed, and a folder
  swapped for a link halfway is refused rather than followed;
- the file itself is opened with ``O_NOFOLLOW | O_NONBLOCK`` (a named pipe cannot block the
  grader) and checked on the open descriptor (``fstat``): a regular file with a single name (a
  hard link would let a file elsewhere be graded as this learner's), within the size cap;
- its bytes must be UTF-8.

What comes back is the text and its SHA-256; the sandbox receives the text under the file's
name relative to the workspace, never a path into the workspace.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_SOURCE_BYTES = 1024 * 1024
MISSING, EMPTY, LINK, NOT_REGULAR, TOO_LARGE, NOT_UTF8, UNREADABLE = (
    "missing", "empty", "link", "not_regular", "too_large", "not_utf8", "unreadable")


@dataclass(frozen=True)
class LearnerFile:
    """A learner's file as read: its name relative to the workspace, its text and its SHA-256."""

    name: str
    text: str
    sha256: str


class LearnerFileProblem(Exception):
    """The file cannot be graded as code; ``kind`` says why and ``str()`` says what to do."""

    def __init__(self, kind: str, name: str, message: str):
        super().__init__(message)
        self.kind, self.name = kind, name


def _flags(*names: str) -> int:
    value = 0
    for name in names:
        value |= getattr(os, name, 0)
    return value


_DIR_FLAGS = _flags("O_RDONLY", "O_DIRECTORY", "O_NOFOLLOW", "O_CLOEXEC")
_FILE_FLAGS = _flags("O_RDONLY", "O_NOFOLLOW", "O_NONBLOCK", "O_CLOEXEC", "O_NOCTTY")


def _is_link(name: str, dir_fd: int) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(name, dir_fd=dir_fd).st_mode)
    except OSError:
        return False


def _link_problem(name: str) -> LearnerFileProblem:
    return LearnerFileProblem(LINK, name, (
        f"{name} is a symbolic link (or lies in a linked folder): dltutor grades only a regular file "
        "inside your workspace. Replace the link with a copy of your own code and submit that file."))


def _open_below(root: Path, relative: PurePosixPath, name: str) -> int:
    """A descriptor of ``root/relative`` opened without following any link below ``root``."""
    folder = os.open(root, _flags("O_RDONLY", "O_DIRECTORY", "O_CLOEXEC"))
    try:
        for part in relative.parts[:-1]:
            try:
                below = os.open(part, _DIR_FLAGS, dir_fd=folder)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR) and _is_link(part, folder):
                    raise _link_problem(name) from None
                if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                    raise LearnerFileProblem(MISSING, name, f"{name} is missing") from None
                raise
            os.close(folder)
            folder = below
        leaf = relative.parts[-1]
        try:
            return os.open(leaf, _FILE_FLAGS, dir_fd=folder)
        except OSError as exc:
            if _is_link(leaf, folder):  # O_NOFOLLOW refused it (ELOOP, or EMLINK on BSDs), or it dangles
                raise _link_problem(name) from None
            if exc.errno == errno.ENOENT:
                raise LearnerFileProblem(MISSING, name, f"{name} is missing") from None
            raise
    finally:
        os.close(folder)


def linked_below(root: Path, relative: str) -> bool:
    """Whether any existing part of ``root/relative`` below ``root`` is a symbolic link (so writing
    there would write somewhere else)."""
    here = Path(root)
    for part in PurePosixPath(relative).parts:
        here = here / part
        if here.is_symlink():
            return True
        if not here.exists():
            return False
    return False


def read_learner_file(root: Path, relative: str, limit: int = MAX_SOURCE_BYTES) -> LearnerFile:
    """Read ``relative`` (a course-given path like ``foundations/neuron.py``) inside workspace ``root``.

    Raises ``LearnerFileProblem`` for a missing, linked, special, oversized, non-UTF-8 or empty file.
    """
    path = PurePosixPath(relative)
    name = str(path)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"not a path inside a workspace: {relative!r}")  # course metadata forbids it
    try:
        fd = _open_below(Path(root), path, name)
    except LearnerFileProblem:
        raise
    except OSError as exc:
        raise LearnerFileProblem(UNREADABLE, name, f"{name} cannot be read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LearnerFileProblem(NOT_REGULAR, name, (
                f"{name} is not a regular file (a folder, device or pipe): submit your code as a plain .py file"))
        if info.st_nlink > 1:
            raise LearnerFileProblem(LINK, name, (
                f"{name} is a hard link ({info.st_nlink} names for one file): dltutor grades only a file of "
                "your own. Replace it with a plain copy of your code."))
        if info.st_size > limit:
            raise LearnerFileProblem(TOO_LARGE, name, f"{name} is larger than {limit // 1024} KiB")
        data = _read_at_most(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew after fstat
        raise LearnerFileProblem(TOO_LARGE, name, f"{name} is larger than {limit // 1024} KiB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LearnerFileProblem(NOT_UTF8, name, (
            f"{name} is not UTF-8 text (byte {exc.start}, line {line}): save it as UTF-8")) from None
    if not text.strip():
        raise LearnerFileProblem(EMPTY, name, f"{name} is empty")
    return LearnerFile(name, text, hashlib.sha256(data).hexdigest())


def _read_at_most(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
