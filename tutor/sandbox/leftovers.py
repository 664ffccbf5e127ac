"""Removes what a sandbox's private uid left in the shared temporary folders once the sandbox has ended.

At ``basic`` a sandbox may write wherever its uid may: its scratch folder, and the folders every
user may write (``/tmp``, ``/var/tmp``, ``/dev/shm``…). A file left there would survive into the
next submission's sandbox, a channel between two learners' code. The sandbox's uid is its own
(drawn per sandbox when the grader is root), so everything owned by it is its leftover. It can
only have created entries in folders others may write or in folders it created itself, so only
those are searched: a big ``/tmp`` (a CI checkout with its venv) costs nothing.

(``standard`` and ``strong`` need none of this: Landlock grants writes to the scratch folder only,
and bubblewrap gives the sandbox a ``/tmp`` of its own.)
"""

from __future__ import annotations

import os
import shutil
import stat

SHARED_FOLDERS = ("/tmp", "/var/tmp", "/dev/shm", "/dev/mqueue", "/run/lock", "/var/lock")
MAX_ENTRIES = 100_000  # a sandbox that made millions of files is stopped by its file limits first


def remove_files_of(uid: int, folders=SHARED_FOLDERS) -> int:
    """Remove every entry owned by ``uid`` below ``folders``; returns how many were removed."""
    removed = 0
    seen = 0
    pending = [f for f in folders if os.path.isdir(f) and not os.path.islink(f)]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > MAX_ENTRIES:
                return removed
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if info.st_uid == uid:
                removed += _remove(entry.path, info)
            elif stat.S_ISDIR(info.st_mode) and info.st_mode & stat.S_IWOTH:
                pending.append(entry.path)  # others may write here: the sandbox may have
    return removed


def _remove(path: str, info: os.stat_result) -> int:
    try:
        if stat.S_ISDIR(info.st_mode):
            shutil.rmtree(path)  # removes links inside without following them
        else:
            os.unlink(path)
    except OSError:
        return 0
    return 1
