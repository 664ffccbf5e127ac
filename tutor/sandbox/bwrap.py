"""L3: the sandbox child wrapped in bubblewrap (``bwrap``).

The command unshares every namespace (network: none; PID: the child and its descendants only,
all killed with the namespace; IPC, UTS, cgroup; mount: an empty tmpfs root with read-only
binds of exactly ``policy.read_paths``, the dltutor harness file by file, a fresh ``/proc`` and
``/dev``, a tmpfs ``/tmp`` and the scratch directory bound read-write). The solutions, the course,
the workspace and the grader's files are not mounted at all. ``--die-with-parent`` ties the
sandbox to the grader thread that started it, ``--new-session`` detaches it from any terminal.
The pipes on fds 3 and 4 pass through bwrap unchanged (it closes nothing it did not open).

**Who the learner's code runs as.**
- Grader is root (CI containers, these machines): bwrap runs *without* a user namespace, as
  real root, so it needs no unprivileged user namespaces at all. The child's L1 bootstrap then
  drops to its random unprivileged uid (setgroups/setgid/setuid clear every capability) and sets
  no_new_privs, before L2 and before any learner code. A user namespace here would not help: as
  root, bwrap maps the sandbox uid to outside uid 0, so the learner would own every root file.
  So the learner is an unmapped uid of the initial user namespace, owning nothing, without
  capabilities, in a PID namespace where the grader does not exist (nothing to signal or trace).
- Grader is an ordinary user (a learner's laptop): ``--unshare-all`` includes the user
  namespace; bwrap maps the user's own uid and drops all capabilities (``--cap-drop ALL``), so
  the learner runs as that uid with no capabilities, confined to the binds above.
Where the kernel or AppArmor refuses, the probe records bwrap's own message as the reason.
"""

from __future__ import annotations

import os
import shutil

HOSTNAME = "dltutor-sandbox"


def find() -> str | None:
    """The bwrap executable, or None."""
    search = os.pathsep.join([os.environ.get("PATH", ""), "/usr/bin", "/bin", "/usr/local/bin"])
    return shutil.which("bwrap", path=search)


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths already inside another listed path; parents come first (binds stack in order)."""
    unique = sorted(dict.fromkeys(os.path.normpath(p) for p in paths), key=lambda p: (p.count("/"), p))
    kept: list[str] = []
    for path in unique:
        if not any(path.startswith(parent.rstrip("/") + "/") for parent in kept):
            kept.append(path)
    return kept


def _parents(paths: list[str]) -> list[str]:
    """Directories above the mount points that no bind provides, outermost first."""
    whole = {"/proc", "/dev"}  # mounted whole by bwrap; /tmp is a tmpfs, but a checkout may live below it
    found: list[str] = []
    for path in paths:
        parent = os.path.dirname(path)
        chain = []
        while parent not in ("/", ""):
            chain.append(parent)
            parent = os.path.dirname(parent)
        for directory in reversed(chain):
            inside = directory == "/tmp" or any(
                directory == p or directory.startswith(p.rstrip("/") + "/") for p in paths + list(whole))
            if not inside and directory not in found:
                found.append(directory)
    return found


def command(inner: list[str], *, bwrap: str, scratch: str, read: list[str], harness: list[str],
            devices: list[str], as_root: bool) -> list[str]:
    """The argv that runs ``inner`` inside the L3 sandbox."""
    args = [bwrap, "--die-with-parent", "--new-session"]
    if as_root:
        args += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
    else:
        args += ["--unshare-all", "--cap-drop", "ALL"]
    args += ["--hostname", HOSTNAME, "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    binds = _outermost(list(read) + list(harness))
    # bwrap would create the parents of each mount point 0700; the dropped uid must traverse them.
    for parent in _parents(binds + [scratch]):
        args += ["--perms", "0755", "--dir", parent]
    for path in binds:
        if os.path.islink(path) and os.path.dirname(path) == "/":
            args += ["--symlink", os.readlink(path), path]  # /lib -> usr/lib, as on the host
        else:
            args += ["--ro-bind-try", path, path]
    for device in devices:
        args += ["--dev-bind-try", device, device]
    args += ["--bind", scratch, scratch, "--chdir", scratch, "--"]
    return args + list(inner)
