"""The sandbox process: applies its own limits, drops privileges, then runs learner code on request.

Started as ``python -I child.py CONFIG_JSON`` with the request pipe on fd 3 and the response pipe
on fd 4 (inside bubblewrap at L3). The bootstrap, in order: limits; open the Landlock grants (as
root, when root); the uid drop and no_new_privs; the parent-death signal; at L2 Landlock, then
the seccomp filter (single-threaded, so both cover every later thread); the preloads; then the
ready frame naming the layers applied. Any failure on the way exits with the reason on stderr,
so a sandbox never runs weaker than asked. Nothing here is trusted by the grader afterwards:
learner code shares this process and may rewrite any of it, so every answer is only a claim
about what the learner's code returned.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import sys

REQUEST_FD, RESPONSE_FD = 3, 4
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38


def main() -> None:
    config = json.loads(sys.argv[1])
    quiet = os.open(os.devnull, os.O_WRONLY | os.O_CLOEXEC)  # opened before Landlock can refuse it
    _apply_limits(config["limits"])
    # Imported after the limits are in place, and before the layers close (Landlock would refuse it).
    from tutor.sandbox import serve  # noqa: PLC0415

    layers = list(config.get("layers", ["L1"]))
    confinement = _Confinement(config["l2"], config["scratch"]) if "L2" in layers else None
    if os.geteuid() == 0:
        _keep_import_paths()
        _drop_privileges(config["uid"], config["scratch"])
    elif sys.platform.startswith("linux"):
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
    _die_with_parent(config["parent_pid"])
    os.chdir(config["scratch"])
    details = confinement.apply() if confinement else {}
    # Preloads come after the layers: TensorFlow starts threads at import, and Landlock confines
    # only the thread that enforces it and the threads started after.
    # What the preloads print (TensorFlow's start-up chatter) is not the learner's output.
    with _silenced(quiet):
        for name in config.get("preload", []):
            __import__(name)
    os.close(quiet)
    sys.argv = ["learner"]
    ready = {"ready": True, "layers": layers, "details": details}
    serve.serve(os.fdopen(REQUEST_FD, "rb", buffering=0), os.fdopen(RESPONSE_FD, "wb", buffering=0), ready)


class _silenced:
    """Points fds 1 and 2 at ``quiet`` for the duration (C++ libraries write to them directly)."""

    def __init__(self, quiet: int):
        self.quiet = quiet

    def __enter__(self) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        self.saved = os.dup(1), os.dup(2)
        os.dup2(self.quiet, 1)
        os.dup2(self.quiet, 2)

    def __exit__(self, *exc) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, saved in zip((1, 2), self.saved):
            os.dup2(saved, fd)
            os.close(saved)


class _Confinement:
    """L2: Landlock grants opened now (as root, before the uid drop), enforced with seccomp later."""

    def __init__(self, settings: dict, scratch: str):
        from tutor.sandbox import policy  # noqa: PLC0415

        self.fds: dict[str, list[int]] = {"read": [], "write": [], "devices": []}
        entries = [g for p in sys.path if p for g in policy.grants(p, settings["protected"])]
        wanted = {
            "read": list(settings["read"]) + entries,
            "write": [scratch, *settings["write"]],
            "devices": list(settings["devices"]),
        }
        for kind, paths in wanted.items():
            for path in dict.fromkeys(paths):
                try:
                    self.fds[kind].append(os.open(path, os.O_PATH | os.O_CLOEXEC))
                except OSError:
                    continue  # absent here (inside bwrap, or not on this system)

    def apply(self) -> dict:
        from tutor.sandbox import landlock, seccomp  # noqa: PLC0415

        threads = len(os.listdir("/proc/self/task"))
        if threads != 1:
            _refuse(f"L2: {threads} threads run already, and Landlock would not confine them")
        try:
            abi = landlock.abi_version()
            details = {"landlock": landlock.restrict_self(abi, self.fds["read"], self.fds["write"],
                                                          self.fds["devices"])}
            details["seccomp"] = seccomp.install(os.getpid())
        except OSError as exc:
            _refuse(f"L2: {exc.strerror or exc}")
        for fds in self.fds.values():
            for fd in fds:
                os.close(fd)
        return details


def _refuse(reason: str) -> None:
    """Fail closed: the grader reports the last line of stderr as why the sandbox did not start."""
    sys.stderr.write(reason + "\n")
    sys.stderr.flush()
    os._exit(78)


def _apply_limits(limits: dict) -> None:
    used_cpu = int(resource.getrusage(resource.RUSAGE_SELF).ru_utime) + 1
    cpu = used_cpu + int(limits["cpu_s"])
    settings = {
        resource.RLIMIT_CPU: (cpu, cpu + 2),
        resource.RLIMIT_DATA: (limits["data_bytes"],) * 2,
        resource.RLIMIT_FSIZE: (limits["file_bytes"],) * 2,
        resource.RLIMIT_NOFILE: (limits["open_files"],) * 2,
        resource.RLIMIT_CORE: (0, 0),
    }
    if limits.get("processes"):
        settings[resource.RLIMIT_NPROC] = (limits["processes"],) * 2
    for which, (soft, hard) in settings.items():
        _, current_hard = resource.getrlimit(which)
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        resource.setrlimit(which, (soft, hard))


def _keep_import_paths() -> None:
    """Keep the import path usable after the uid drop, even below a directory like /root (0700).

    Each import directory is opened now, as root, and reached later through /proc/self/fd/N:
    that path starts from the open directory, so nothing above it needs to be traversable and
    no file becomes readable that the new user could not already read once there.
    """
    mapping = {}
    for entry in sys.path:
        if entry and os.path.isdir(entry) and entry not in mapping:
            fd = os.open(entry, os.O_RDONLY | os.O_DIRECTORY)
            mapping[entry] = f"/proc/self/fd/{fd}"

    def remap(path: str) -> str:
        for original, handle in mapping.items():
            if path == original or path.startswith(original + os.sep):
                return handle + path[len(original):]
        return path

    sys.path[:] = [remap(p) for p in sys.path]
    for module in list(sys.modules.values()):
        paths = getattr(module, "__path__", None)
        if isinstance(paths, list):
            paths[:] = [remap(p) for p in paths]
    sys.path_importer_cache.clear()


def _prctl(option: int, value: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(option, value, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), f"prctl({option}) failed")


def _drop_privileges(uid: int, scratch: str) -> None:
    """Become an unprivileged user with no capabilities before any learner code runs."""
    os.chown(scratch, uid, uid)
    os.setgroups([])
    try:
        os.setgid(uid)
        os.setuid(uid)
    except OSError:  # a user namespace that maps few ids: fall back to nobody
        nobody = 65534
        os.chown(scratch, nobody, nobody)
        os.setgid(nobody)
        os.setuid(nobody)
    if os.getuid() == 0 or os.geteuid() == 0:
        raise SystemExit("could not drop root privileges")
    if sys.platform.startswith("linux"):
        _prctl(PR_SET_NO_NEW_PRIVS, 1)


def _die_with_parent(parent_pid: int | None) -> None:
    # Set after the uid change: changing credentials clears the parent-death signal.
    # Inside bubblewrap (parent_pid None) the parent is bwrap's init, which dies with the grader.
    if sys.platform.startswith("linux"):
        _prctl(PR_SET_PDEATHSIG, 9)
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(70)


if __name__ == "__main__":
    main()
