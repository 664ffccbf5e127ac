"""Finds out, once per machine, which isolation layers really work here, and why others do not.

The probe starts a trivial sandboxed Python at each layer (L2 alone, then L3 with L2 when it
works), so a layer counts only when a real sandbox came up with it, and a missing one carries the
specific reason: the kernel's answer for Landlock ("not supported by this kernel (ENOSYS)",
"disabled at boot (EOPNOTSUPP)"), seccomp's architecture, or bwrap's own error line ("bwrap:
setting up uid map: Permission denied").

The result is cached as JSON in ``platformdirs.user_cache_dir("dltutor")`` (or the file named by
``$DLTUTOR_ISOLATION_PROBE_CACHE``), keyed by the kernel release, bwrap's path and mtime, the
Python executable, whether the grader is root, and the sandbox code itself, so a kernel update,
a new bubblewrap or an edited sandbox probes again. A probe that failed only by timing out is not
cached. ``$DLTUTOR_DISABLE_LAYERS`` (e.g. ``L3`` or ``L2,L3``) is applied on top, uncached, so
tests and users can force a layer's absence.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

from tutor import __version__, locations
from tutor.sandbox.levels import Isolation
from tutor.sandbox.limits import Limits
from tutor.sandbox.runner import Sandbox, SandboxDied

PROBE_FORMAT = 1
CACHE_ENV = locations.PROBE_CACHE_ENV
DISABLE_ENV = "DLTUTOR_DISABLE_LAYERS"
_SANDBOX_FILES = ("child.py", "serve.py", "child_setup.py", "runner.py", "output.py", "death.py", "tracking.py",
                  "landlock.py", "seccomp.py", "bwrap.py", "policy.py", "probe.py")
_lock = threading.Lock()
_memo: dict[str, dict] = {}


def cache_path() -> Path:
    return locations.probe_cache()


def _mtime(path: str | None) -> int:
    try:
        return os.stat(path).st_mtime_ns if path else 0
    except OSError:
        return 0


def cache_key() -> str:
    from tutor.sandbox import bwrap  # noqa: PLC0415

    here = os.path.dirname(os.path.abspath(__file__))
    exe = bwrap.find()
    key = {
        "format": PROBE_FORMAT, "dltutor": __version__, "kernel": os.uname().release,
        "bwrap": [exe, _mtime(exe)], "python": [sys.executable, os.path.realpath(sys.executable)],
        "root": os.geteuid() == 0,
        "code": [_mtime(os.path.join(here, name)) for name in _SANDBOX_FILES],
    }
    return json.dumps(key, sort_keys=True)


def _try_layers(layers: tuple[str, ...]) -> str | None:
    """Start a trivial sandbox with ``layers``; None when it ran, else why it did not."""

    sandbox = None
    try:
        sandbox = Sandbox(Limits(timeout_s=30, startup_s=30, memory_mb=512), preload=(),
                          isolation=Isolation("probe", layers, {}))
        sandbox.start()
        if sandbox.died:
            return sandbox.died.reason.removeprefix("the sandbox failed to start: ")
        loaded = sandbox.load([{"name": "probe", "filename": "probe.py",
                                "source": "import os\ndef answer():\n    return 6 * 7\n"}])
        reply = sandbox.call("probe", "answer") if loaded.ok else loaded
        if not reply.ok or reply.value != 42:
            return f"the probe sandbox answered wrongly ({reply.kind}: {reply.message})"
        return None
    except SandboxDied as died:
        return f"the probe sandbox stopped: {died.reason}"
    except Exception as exc:  # noqa: BLE001  (whatever breaks, the layer is missing with the reason)
        return f"the probe sandbox failed: {type(exc).__name__}: {exc}"
    finally:
        if sandbox is not None:
            sandbox.close()


def run() -> dict:
    """Probe every layer now (about half a second); ``{"missing": {layer: reason}, "details": {}}``."""
    missing: dict[str, str] = {}
    details: dict = {}
    if sys.platform == "win32":
        return {"missing": {"L1": "Windows is not supported", "L2": "Linux only", "L3": "Linux only"},
                "details": {}}
    if not sys.platform.startswith("linux"):
        return {"missing": {"L2": "Landlock and seccomp are Linux only",
                            "L3": "bubblewrap is Linux only"}, "details": {}}
    from tutor.sandbox import bwrap, landlock, seccomp  # noqa: PLC0415

    try:
        details["landlock_abi"] = landlock.abi_version()
        details["seccomp_arch"] = seccomp.arch()
    except OSError as exc:
        missing["L2"] = exc.strerror or str(exc)
    exe = bwrap.find()
    if exe is None:
        missing["L3"] = "bwrap: not installed (no bwrap on PATH; install bubblewrap)"
    else:
        details["bwrap"] = exe
    # The two trial sandboxes start side by side (the probe then costs one start, not two).
    trials: dict[tuple[str, ...], str | None] = {}
    wanted: list[tuple[str, ...]] = []
    if "L2" not in missing:
        wanted.append(("L1", "L2"))
    if "L3" not in missing:
        wanted.append(("L1", "L3") if "L2" in missing else ("L1", "L2", "L3"))
    threads = [threading.Thread(target=lambda chosen=layers: trials.__setitem__(chosen, _try_layers(chosen)))
               for layers in wanted]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if "L2" not in missing and (reason := trials[("L1", "L2")]):
        missing["L2"] = reason
    if "L3" not in missing:
        reason = trials.get(("L1", "L2", "L3"), trials.get(("L1", "L3")))
        if reason and "L2" in missing and ("L1", "L2", "L3") in trials:
            reason = _try_layers(("L1", "L3"))  # L2 failed on its own: try bwrap without it
        if reason:
            missing["L3"] = reason if reason.startswith("bwrap") else f"bwrap: {reason}"
    return {"missing": missing, "details": details}


def _transient(result: dict) -> bool:
    return any("timed out" in reason or "exit code -9" in reason for reason in result["missing"].values())


def probed(refresh: bool = False) -> dict:
    """The probe result for this machine: from memory, the cache file, or a fresh probe."""
    key = cache_key()
    with _lock:
        if not refresh and key in _memo:
            return _memo[key]
        path = cache_path()
        stored: dict = {}
        try:
            stored = json.loads(path.read_text())
            if not isinstance(stored, dict):
                stored = {}
        except (OSError, ValueError):
            stored = {}
        entry = stored.get(key)
        if refresh or not isinstance(entry, dict) or not isinstance(entry.get("missing"), dict):
            entry = run()
            if not _transient(entry):
                stored = {k: v for k, v in list(stored.items())[-7:]}
                stored[key] = entry
                _store(path, stored)
        _memo[key] = entry
        return entry


def _store(path: Path, stored: dict) -> None:
    from tutor.atomic import write_atomic  # noqa: PLC0415

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(stored, indent=1))
    except OSError:
        pass  # a read-only home only costs a probe per process


def disabled_layers() -> set[str]:
    raw = os.environ.get(DISABLE_ENV, "")
    return {part.strip().upper() for part in raw.replace(" ", ",").split(",") if part.strip()}
