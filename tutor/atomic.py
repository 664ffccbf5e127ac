"""Crash-safe file writes: temp file in the same folder, fsync, rename, fsync the folder.

The file gets the permissions a plain ``open(path, "w")`` would give it: an existing regular
file keeps its mode, a new one gets 0666 less the umask (``mkstemp`` alone would make every
report and progress file 0600, unreadable to a CI job's other steps or a shared group).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def current_umask() -> int:
    """The process's umask, read without changing it where the kernel tells (Linux ≥ 4.7):
    ``os.umask`` can only be read by setting it, which races with other threads creating files."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def _mode_for(path: Path, mode: int | None) -> int:
    if mode is not None:
        return mode
    try:
        existing = os.lstat(path)
    except OSError:
        existing = None
    if existing is not None and stat.S_ISREG(existing.st_mode):
        return stat.S_IMODE(existing.st_mode)
    return 0o666 & ~current_umask()


def write_atomic(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` all at once; ``mode`` forces the permissions (else as above).
    A link at ``path`` is replaced, never written through."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    permissions = _mode_for(path, mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), permissions)
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
