"""A seccomp-BPF filter written by hand and installed with prctl through ctypes (no libseccomp).

Standard library only: the sandbox child installs it after the uid drop and Landlock, before any
learner code. It is a deny list (TensorFlow needs a wide and changing set of syscalls), so it
returns an error for exactly these and allows the rest:
- new processes: ``fork``, ``vfork``, ``execve``, ``execveat``; ``clone`` unless it makes a thread
  (CLONE_THREAD set, no namespace flag); ``clone3`` answers ENOSYS so glibc falls back to
  ``clone``, whose flags a classic BPF filter can read. Threads still work, so TensorFlow trains.
- network: ``socket()`` of every family (inet, inet6, netlink, unix, packet…: TCP and UDP alike;
  ``socketpair`` stays allowed), and io_uring, which could open sockets without the syscall.
- other processes: ``ptrace``, ``process_vm_readv/writev``, ``kcmp``, pidfds; ``kill``,
  ``tgkill`` and ``rt_(tg)sigqueueinfo`` only to the sandbox itself (pid 0 or its own pid);
  ``tkill`` never; ``prlimit64`` only on itself.
- namespaces and the system: ``unshare``, ``setns``, mount calls, ``chroot``, keyrings, bpf,
  perf events, userfaultfd, modules, kexec, reboot, swap, clocks, quotas, handles.
- file metadata that Landlock (up to ABI 7) does not cover: ``chmod``/``chown`` and extended
  attribute setters, so a sandbox sharing the learner's uid cannot ``chmod 000`` their files.
Syscalls of another ABI (x32, or i386 through ``int 0x80``) kill the process: the filter checks
the architecture word first. Only x86_64 and aarch64 are known; elsewhere L2 is missing.
"""

from __future__ import annotations

import ctypes
import errno
import os
import struct

PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
RET_ALLOW, RET_KILL_PROCESS, RET_ERRNO = 0x7FFF0000, 0x80000000, 0x00050000
LD_W_ABS, JEQ, JGE, AND, RET = 0x20, 0x15, 0x35, 0x54, 0x06
OFF_NR, OFF_ARCH = 0, 4
X32_SYSCALL_BIT = 0x40000000
CLONE_THREAD = 0x00010000
CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x80

# (audit arch, syscall numbers) per machine; names not present on an arch are simply absent.
_COMMON_DENY = (
    "socket", "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "execve", "execveat",
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "mount_setattr",
    "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "pidfd_open", "pidfd_send_signal", "pidfd_getfd", "tkill",
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot",
    "acct", "swapon", "swapoff", "settimeofday", "clock_settime", "quotactl", "open_by_handle_at",
    "fork", "vfork",
    "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "fchown", "lchown", "fchownat",
    "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr", "fremovexattr",
)
ARCHES = {
    "x86_64": (0xC000003E, {
        "socket": 41, "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312,
        "execve": 59, "execveat": 322, "fork": 57, "vfork": 58, "clone": 56, "clone3": 435,
        "unshare": 272, "setns": 308, "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161,
        "mount_setattr": 442, "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431,
        "fsmount": 432, "fspick": 433, "io_uring_setup": 425, "io_uring_enter": 426,
        "io_uring_register": 427, "pidfd_open": 434, "pidfd_send_signal": 424, "pidfd_getfd": 438,
        "kill": 62, "tkill": 200, "tgkill": 234, "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297,
        "prlimit64": 302, "keyctl": 250, "add_key": 248, "request_key": 249, "bpf": 321,
        "perf_event_open": 298, "userfaultfd": 323, "init_module": 175, "finit_module": 313,
        "delete_module": 176, "kexec_load": 246, "kexec_file_load": 320, "reboot": 169, "acct": 163,
        "swapon": 167, "swapoff": 168, "settimeofday": 164, "clock_settime": 227, "quotactl": 179,
        "open_by_handle_at": 304, "chmod": 90, "fchmod": 91, "fchmodat": 268, "fchmodat2": 452,
        "chown": 92, "fchown": 93, "lchown": 94, "fchownat": 260, "setxattr": 188, "lsetxattr": 189,
        "fsetxattr": 190, "removexattr": 197, "lremovexattr": 198, "fremovexattr": 199,
    }),
    "aarch64": (0xC00000B7, {
        "socket": 198, "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "kcmp": 272,
        "execve": 221, "execveat": 281, "clone": 220, "clone3": 435,
        "unshare": 97, "setns": 268, "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51,
        "mount_setattr": 442, "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431,
        "fsmount": 432, "fspick": 433, "io_uring_setup": 425, "io_uring_enter": 426,
        "io_uring_register": 427, "pidfd_open": 434, "pidfd_send_signal": 424, "pidfd_getfd": 438,
        "kill": 129, "tkill": 130, "tgkill": 131, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240,
        "prlimit64": 261, "keyctl": 219, "add_key": 217, "request_key": 218, "bpf": 280,
        "perf_event_open": 241, "userfaultfd": 282, "init_module": 105, "finit_module": 273,
        "delete_module": 106, "kexec_load": 104, "kexec_file_load": 294, "reboot": 142, "acct": 89,
        "swapon": 224, "swapoff": 225, "settimeofday": 170, "clock_settime": 112, "quotactl": 60,
        "open_by_handle_at": 265, "fchmod": 52, "fchmodat": 53, "fchmodat2": 452, "fchown": 55,
        "fchownat": 54, "setxattr": 5, "lsetxattr": 6, "fsetxattr": 7, "removexattr": 14,
        "lremovexattr": 15, "fremovexattr": 16,
    }),
}
_MACHINE_ALIASES = {"amd64": "x86_64", "arm64": "aarch64"}


class SeccompUnavailable(OSError):
    """No filter can be built or installed here; ``str()`` is the reason."""


def _machine() -> str:
    return os.uname().machine  # not platform.machine(): importing platform costs the child 2 ms


def arch() -> str:
    """This process's syscall ABI, as a key of ``ARCHES``; raises with the reason when unknown."""
    machine = _machine().lower()
    machine = _MACHINE_ALIASES.get(machine, machine)
    if machine not in ARCHES:
        raise SeccompUnavailable(errno.ENOTSUP, f"seccomp: no syscall table for the {machine or 'unknown'} "
                                 "architecture (x86_64 and aarch64 are supported)")
    if struct.calcsize("P") != 8:
        raise SeccompUnavailable(errno.ENOTSUP, "seccomp: a 32-bit Python on a 64-bit kernel is not supported")
    return machine


def _insn(code: int, k: int = 0, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k & 0xFFFFFFFF)


def _arg_low(index: int) -> int:
    return 16 + 8 * index  # offsetof(struct seccomp_data, args[index]), low 32 bits (little endian)


def _only_self(nr: int, own_pid: int, allow_zero: bool) -> list[bytes]:
    """Allow syscall ``nr`` only when its first argument names this process."""
    body = [_insn(LD_W_ABS, _arg_low(0))]
    body.append(_insn(JEQ, own_pid, jt=2 if allow_zero else 1, jf=0))
    if allow_zero:
        body.append(_insn(JEQ, 0, jt=1, jf=0))
    body += [_insn(RET, RET_ERRNO | errno.EPERM), _insn(RET, RET_ALLOW)]
    return [_insn(JEQ, nr, jt=0, jf=len(body))] + body


def build(own_pid: int, machine: str | None = None) -> bytes:
    """The filter program for this process (``own_pid`` as the process itself sees it)."""
    machine = machine or arch()
    audit_arch, numbers = ARCHES[machine]
    prog = [
        _insn(LD_W_ABS, OFF_ARCH),
        _insn(JEQ, audit_arch, jt=1, jf=0),
        _insn(RET, RET_KILL_PROCESS),
        _insn(LD_W_ABS, OFF_NR),
    ]
    if machine == "x86_64":  # x32 syscalls are numbered from 0x40000000 and share the arch word
        prog += [_insn(JGE, X32_SYSCALL_BIT, jt=0, jf=1), _insn(RET, RET_KILL_PROCESS)]
    for name in _COMMON_DENY:
        if name in numbers:
            prog += [_insn(JEQ, numbers[name], jt=0, jf=1), _insn(RET, RET_ERRNO | errno.EPERM)]
    prog += [_insn(JEQ, numbers["clone3"], jt=0, jf=1), _insn(RET, RET_ERRNO | errno.ENOSYS)]
    clone_check = [
        _insn(LD_W_ABS, _arg_low(0)),
        _insn(AND, CLONE_THREAD | CLONE_NAMESPACES),
        _insn(JEQ, CLONE_THREAD, jt=1, jf=0),
        _insn(RET, RET_ERRNO | errno.EPERM),
        _insn(RET, RET_ALLOW),
    ]
    prog += [_insn(JEQ, numbers["clone"], jt=0, jf=len(clone_check))] + clone_check
    prog += _only_self(numbers["kill"], own_pid, allow_zero=True)
    for name in ("tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo"):
        prog += _only_self(numbers[name], own_pid, allow_zero=False)
    prog += _only_self(numbers["prlimit64"], own_pid, allow_zero=True)
    prog.append(_insn(RET, RET_ALLOW))
    return b"".join(prog)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install(own_pid: int) -> dict:
    """Install the filter on this thread (and every thread it starts); needs no_new_privs."""
    machine = arch()
    program = build(own_pid, machine)
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        err = ctypes.get_errno()
        raise SeccompUnavailable(err, f"seccomp: installing the filter failed ({errno.errorcode.get(err, err)})")
    return {"arch": machine, "instructions": len(program) // 8}
