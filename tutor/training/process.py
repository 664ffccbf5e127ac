"""Runs the trusted trainer helper for one job and relays its epoch events as they arrive."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

from tutor.sandbox import runner

LINE_LIMIT = 64 * 1024
STDERR_KEEP = 16 * 1024


class TrainerFailed(RuntimeError):
    """The trusted trainer did not produce a result; ``status`` is timeout or ungradable."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


def _helper_env() -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "KERAS_HOME", "CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH",
            "TMPDIR")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(TF_CPP_MIN_LOG_LEVEL="2", PYTHONHASHSEED="0", KERAS_BACKEND="tensorflow")
    return env


def run_trainer(job: dict, *, timeout_s: float, on_event=None, cancel=None) -> dict:
    """Send ``job`` to a fresh trainer process; return its ``result`` event."""
    on_event = on_event or (lambda event: None)
    with runner._live_lock:  # registered like a sandbox, so no sweep mistakes it for an escapee
        process = subprocess.Popen(
            [sys.executable, "-I", "-m", "tutor.helpers.trainer"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_helper_env(), start_new_session=True)
        runner._live_pids.add(process.pid)
    lines: queue.Queue = queue.Queue()
    stderr: list[bytes] = []
    threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True).start()
    threading.Thread(target=_read_tail, args=(process.stderr, stderr), daemon=True).start()
    deadline = time.monotonic() + timeout_s
    try:
        process.stdin.write(json.dumps(job).encode())
        process.stdin.close()
        while True:
            if cancel and cancel():
                raise TrainerFailed("ungradable", "cancelled")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TrainerFailed("timeout", f"training did not finish within {timeout_s:.0f} s")
            try:
                line = lines.get(timeout=min(remaining, 0.2))
            except queue.Empty:
                continue
            if line is None:
                process.wait(timeout=5)
                tail = b"".join(stderr).decode(errors="replace").strip().splitlines()
                reason = tail[-1] if tail else f"exit code {process.returncode}"
                if process.returncode in (-signal.SIGKILL, -signal.SIGSEGV) or "MemoryError" in reason:
                    reason = f"the trainer ran out of memory or crashed ({reason})"
                raise TrainerFailed("ungradable", f"the trainer stopped without a result: {reason}")
            event = json.loads(line)
            if event.get("event") == "result":
                return event
            on_event(event)
    except (BrokenPipeError, json.JSONDecodeError) as exc:
        raise TrainerFailed("ungradable", f"the trainer broke its protocol: {exc}") from None
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()
    with runner._live_lock:
        runner._live_pids.discard(process.pid)


def _read_lines(stream, lines: queue.Queue) -> None:
    while True:
        line = stream.readline(LINE_LIMIT)
        if not line:
            lines.put(None)
            return
        if line.endswith(b"\n"):
            lines.put(line.decode("utf-8", errors="replace"))


def _read_tail(stream, kept: list[bytes]) -> None:
    while chunk := stream.read(4096):
        kept.append(chunk)
        while sum(map(len, kept)) > STDERR_KEEP and len(kept) > 1:
            kept.pop(0)
