"""Landlock through ctypes: read-only and read-write grants by file descriptor, TCP and scopes.

Standard library only (the sandbox child imports it before any learner code, and the grader
imports it to probe the kernel). The three syscalls have the same numbers on every architecture.

Access rights are those of ``<linux/landlock.h>``; a ruleset handles every right the running ABI
knows, so whatever is not granted below is denied:
- ABI 1: files and directories; ABI 2: REFER (linking/renaming across directories);
  ABI 3: TRUNCATE; ABI 4: TCP bind/connect (handled, no port granted: no TCP at all);
  ABI 5: IOCTL_DEV (ioctl on device files: granted only on the GPU's device nodes);
  ABI 6: scopes (no signals and no abstract unix sockets to processes outside the sandbox).
Landlock also denies ptrace-mode access to processes outside the domain, which covers
``/proc/<grader>/environ``, ``mem`` and ``fd``.
"""

from __future__ import annotations

import ctypes
import errno
import os
import struct

SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH, RULE_NET_PORT = 1, 2

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK = 1 << 8, 1 << 9, 1 << 10, 1 << 11
MAKE_SYM, REFER, TRUNCATE, IOCTL_DEV = 1 << 12, 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV  # the only rights a file rule takes
READ = READ_FILE | READ_DIR
WRITE = (WRITE_FILE | READ_FILE | READ_DIR | REMOVE_DIR | REMOVE_FILE | MAKE_DIR | MAKE_REG
         | MAKE_SOCK | MAKE_FIFO | MAKE_SYM | REFER | TRUNCATE)
DEVICE = READ_FILE | WRITE_FILE | IOCTL_DEV


class LandlockUnavailable(OSError):
    """Landlock cannot be used here; ``str()`` is the reason shown to the user."""


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def abi_version() -> int:
    """The Landlock ABI of the running kernel; raises ``LandlockUnavailable`` with the reason."""
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    abi = libc.syscall(ctypes.c_long(SYS_CREATE_RULESET), None, ctypes.c_size_t(0),
                       ctypes.c_uint32(CREATE_RULESET_VERSION))
    if abi >= 1:
        return int(abi)
    err = ctypes.get_errno()
    if err == errno.ENOSYS:
        raise LandlockUnavailable(err, "Landlock: not supported by this kernel (ENOSYS)")
    if err == errno.EOPNOTSUPP:
        raise LandlockUnavailable(err, "Landlock: disabled at boot (EOPNOTSUPP; add landlock to lsm=)")
    raise LandlockUnavailable(err, f"Landlock: unusable ({errno.errorcode.get(err, err)})")


def handled_fs(abi: int) -> int:
    rights = (1 << 13) - 1  # ABI 1: EXECUTE .. MAKE_SYM
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


def restrict_self(abi: int, read: list[int], write: list[int], devices: list[int]) -> dict:
    """Enforce the ruleset on this thread (and the threads it starts later).

    ``read``, ``write`` and ``devices`` are open file descriptors (O_PATH is enough) of the
    trees or files to grant. Needs no_new_privs set. Returns what was enforced, for the report.
    """
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    fs = handled_fs(abi)
    net = (NET_BIND_TCP | NET_CONNECT_TCP) if abi >= 4 else 0
    scoped = (SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL) if abi >= 6 else 0
    if abi >= 6:
        attr = struct.pack("=QQQ", fs, net, scoped)
    elif abi >= 4:
        attr = struct.pack("=QQ", fs, net)
    else:
        attr = struct.pack("=Q", fs)
    buffer = ctypes.create_string_buffer(attr, len(attr))
    ruleset = libc.syscall(ctypes.c_long(SYS_CREATE_RULESET), buffer, ctypes.c_size_t(len(attr)),
                           ctypes.c_uint32(0))
    if ruleset < 0:
        err = ctypes.get_errno()
        raise LandlockUnavailable(err, f"Landlock: creating the ruleset failed ({os.strerror(err)})")
    try:
        for fds, rights in ((read, READ), (write, WRITE), (devices, DEVICE)):
            for fd in fds:
                _add_path_rule(libc, ruleset, fd, rights & fs)
        if libc.syscall(ctypes.c_long(SYS_RESTRICT_SELF), ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            err = ctypes.get_errno()
            raise LandlockUnavailable(err, f"Landlock: restrict_self failed ({os.strerror(err)})")
    finally:
        os.close(ruleset)
    return {"abi": abi, "tcp": bool(net), "scoped_signals": bool(scoped)}


def _add_path_rule(libc, ruleset: int, fd: int, rights: int) -> None:
    import stat  # noqa: PLC0415  (the child imports this module: keep its import cheap)

    if not stat.S_ISDIR(os.fstat(fd).st_mode):
        rights &= FILE_RIGHTS
    attr = struct.pack("=Qi", rights, fd)  # struct landlock_path_beneath_attr is packed: 12 bytes
    buffer = ctypes.create_string_buffer(attr, len(attr))
    if libc.syscall(ctypes.c_long(SYS_ADD_RULE), ctypes.c_int(ruleset), ctypes.c_int(RULE_PATH_BENEATH),
                    buffer, ctypes.c_uint32(0)) != 0:
        err = ctypes.get_errno()
        raise LandlockUnavailable(err, f"Landlock: adding a rule for fd {fd} failed ({os.strerror(err)})")
