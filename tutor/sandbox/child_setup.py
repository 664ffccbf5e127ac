"""What a sandbox child is started with: its environment, its process allowance, its layers' grants, its command."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from tutor.sandbox import policy, reaper

CHILD_SCRIPT = Path(__file__).with_name("child.py")
PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def sandbox_env(scratch: str) -> dict[str, str]:
    """The child's whole environment: nothing of the grader's, its scratch folder as home and temp."""
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": scratch,
        "TMPDIR": scratch,
        "KERAS_HOME": os.path.join(scratch, ".keras"),
        "MPLCONFIGDIR": scratch,
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        # TensorFlow's C++ start-up chatter is not the learner's output; their own prints still show
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "KERAS_BACKEND": "tensorflow",
        "JOBLIB_MULTIPROCESSING": "0",
    }
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    return env


def process_allowance() -> int | None:
    """RLIMIT_NPROC counts every task of a uid: for a shared uid, allow what runs now plus room."""
    if os.geteuid() == 0:
        return None
    tasks = 0
    for pid in reaper.all_pids():
        try:
            status = (reaper.PROC / str(pid) / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("Uid", "-1").split()[0]) == os.getuid():
            tasks += int(fields.get("Threads", "1"))
    return tasks + 256


def layer_settings(layers: tuple[str, ...]) -> tuple[dict, list[str]]:
    """What L2 grants (the child's Landlock rules) and what L3 binds read-only.

    L2 alone needs no list of the child's ``sys.path``: the child grants its own entries (less
    the protected ones) before it drops root. L3 must bind them before the child exists.
    """
    gpu = policy.gpu_devices()
    protected = policy.protected_paths()
    child_path = list(policy.child_sys_path()) if "L3" in layers else []
    binds = policy.read_paths(child_path, protected, bool(gpu))
    settings = {
        "read": binds + list(policy.DEVICE_READ) + ["/proc"],
        "write": list(policy.DEVICE_WRITE),
        "devices": gpu,
        "protected": protected,
    }
    return settings, binds


def child_argv(config: dict, request_r: int, response_w: int) -> list[str]:
    """``python -I`` with a tiny launcher that moves the pipes to fds 3 and 4 (where the child finds
    them) and runs child.py with ``config``."""
    launcher = (
        "import fcntl,os,sys;"
        f"r,w={request_r},{response_w};"
        "a,b=fcntl.fcntl(r,fcntl.F_DUPFD,10),fcntl.fcntl(w,fcntl.F_DUPFD,10);"
        "os.dup2(a,3);os.dup2(b,4);"
        "[os.close(f) for f in {a,b,r,w}-{3,4}];"
        f"sys.path.append({str(PACKAGE_ROOT)!r});"
        f"sys.argv=[{str(CHILD_SCRIPT)!r},sys.argv[1]];"
        f"exec(compile(open({str(CHILD_SCRIPT)!r}).read(),{str(CHILD_SCRIPT)!r},'exec'))"
    )
    return [sys.executable, "-I", "-B", "-c", launcher, json.dumps(config)]
