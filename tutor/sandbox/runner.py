"""Starts a sandbox child, talks to it over two pipes, and reports how it ended."""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tutor import safe_text
from tutor.sandbox import bwrap, leftovers, policy, reaper, wire
from tutor.sandbox.isolation import Isolation, resolve
from tutor.sandbox.limits import Limits

CHILD_SCRIPT = Path(__file__).with_name("child.py")
IMPORT_HANDLE = re.compile(r"/proc/self/fd/\d+/")
DEADLINE_DUMP = re.compile(r"Timeout \([0-9:.]+\)!\nThread 0x[0-9a-f]+ \(most recent call first\):\n(?:  .*\n?)*")
FRAME = re.compile(r'\s+File "(?P<file>[^"]+)", line (?P<line>\d+) in (?P<name>\S+)')
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
SANDBOX_UID_RANGE = (1_500_000, 1_900_000)
_live_lock = threading.Lock()
_live_pids: set[int] = set()


class SandboxDied(Exception):
    """The sandbox stopped answering: timed out, broke a limit, crashed or exited early."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status = status  # "timeout", "error", or "ungradable" when it never started
        self.reason = reason


@dataclass(frozen=True)
class Reply:
    """What the sandbox said about one request: a value, or how the learner's code failed."""

    ok: bool
    value: object = None
    kind: str = ""
    message: str = ""
    traceback: str = ""
    details: dict = field(default_factory=dict)


class BoundedReader(threading.Thread):
    """Drains a pipe, keeping the first ``keep`` bytes; past ``kill_after`` it calls ``on_flood``."""

    def __init__(self, stream, keep: int, kill_after: int, on_flood):
        super().__init__(daemon=True)
        self.stream, self.keep, self.kill_after, self.on_flood = stream, keep, kill_after, on_flood
        self.chunks: list[bytes] = []
        self.kept = 0
        self.total = 0
        self._fd = stream.fileno()
        self._lock = threading.Lock()  # held while a chunk goes from the pipe to ``chunks``
        self._open = True

    def run(self) -> None:
        readable = select.poll()  # poll, not select: a busy grader's fds may pass FD_SETSIZE
        readable.register(self._fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        while True:
            readable.poll()  # data or EOF waiting: the read below cannot block
            with self._lock:
                chunk = os.read(self._fd, 65536)
                if not chunk:
                    break
                self.total += len(chunk)
                if self.kept < self.keep:
                    piece = chunk[: self.keep - self.kept]
                    self.chunks.append(piece)
                    self.kept += len(piece)
            if self.total > self.kill_after:
                self.on_flood()
                break
        with self._lock:
            self._open = False
            self.stream.close()

    def drain(self, timeout: float = 2.0) -> None:
        """Wait until everything already written to the pipe is in ``chunks``: the child flushes
        its output before it answers, so after an answer this makes the output complete."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if not self._open or _pending(self._fd) == 0:
                    return
            if time.monotonic() > deadline:
                return
            time.sleep(0.002)

    def text(self) -> str:
        """What the child wrote, made safe (``safe_text``): it is the learner's to choose."""
        data = safe_text.clean(b"".join(self.chunks).decode("utf-8", "replace"), limit=None)
        # The child reaches its import folders through /proc/self/fd/N (child._keep_import_paths):
        # a library's warning names its file by that handle, which means nothing to a learner.
        data = IMPORT_HANDLE.sub("", data)
        if self.total > self.kept:
            data += f"\n… output cut: {self.total - self.kept} more bytes not shown\n"
        return data


def _pending(fd: int) -> int:
    """Bytes waiting in the pipe ``fd``."""
    try:
        return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
    except OSError:
        return 0


def spawn_tracked(argv: list[str], **popen_kwargs) -> subprocess.Popen:
    """Start a trusted helper process registered like a sandbox, so no sweep takes it for an escapee."""
    with _live_lock:
        process = subprocess.Popen(argv, **popen_kwargs)
        _live_pids.add(process.pid)
    return process


def untrack(pid: int) -> None:
    """Forget a helper process started with ``spawn_tracked`` once it has been reaped."""
    with _live_lock:
        _live_pids.discard(pid)


def _live_snapshot() -> set[int]:
    """Sandboxes that are running or starting now (never swept as escapees)."""
    with _live_lock:
        return set(_live_pids)


def _sandbox_env(scratch: str) -> dict[str, str]:
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


def _process_allowance() -> int | None:
    """RLIMIT_NPROC counts every task of a uid: for a shared uid, allow what runs now plus room."""
    if os.geteuid() == 0:
        return None
    tasks = 0
    for pid in reaper._all_pids():
        try:
            status = (reaper.PROC / str(pid) / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("Uid", "-1").split()[0]) == os.getuid():
            tasks += int(fields.get("Threads", "1"))
    return tasks + 256


def _layer_settings(layers: tuple[str, ...]) -> tuple[dict, list[str]]:
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


class Sandbox:
    """One sandbox process for one submission; use as a context manager.

    ``isolation`` says which layers to apply (DESIGN §3): L1 always; L2 (Landlock + seccomp)
    in the child's own bootstrap before any learner code; L3 by starting the child inside
    bubblewrap. Without it, the strongest level this machine offers (``isolation.resolve()``).
    """

    def __init__(self, limits: Limits, preload: tuple[str, ...] | None = None,
                 isolation: Isolation | None = None):
        self.limits = limits
        self.preload = limits.preload if preload is None else preload
        self.isolation = isolation if isolation is not None else resolve()
        self.scratch = tempfile.mkdtemp(prefix="dltutor-sandbox-")
        self.uid = secrets.randbelow(SANDBOX_UID_RANGE[1] - SANDBOX_UID_RANGE[0]) + SANDBOX_UID_RANGE[0]
        self.process: subprocess.Popen | None = None
        self.died: SandboxDied | None = None
        self._flooded = False
        self._timed_out = False
        self._deadline = 0.0
        self._started = 0.0
        self._awaiting_ready = False
        self._layers_asked: tuple[str, ...] = ()
        self._code_files: set[str] = set()  # names of the files loaded, for where a timeout happened
        self._running = ""  # what the request in flight runs, for the timeout message
        self.confinement: dict = {}

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> "Sandbox":
        """Launch the child and wait until it is ready (or ``died`` says why not)."""
        return self.launch().wait_ready()

    def launch(self) -> "Sandbox":
        """Start the child without waiting for it: its first request waits, so two sandboxes
        launched one after the other import their preloads side by side."""
        reaper.harden_grader()
        as_root = os.geteuid() == 0
        processes = self.limits.processes if as_root else _process_allowance()
        layers = tuple(self.isolation.layers)
        wrapped = "L3" in layers
        config = {
            "limits": self.limits.child_settings(processes),
            "preload": list(self.preload),
            "uid": self.uid,
            "scratch": self.scratch,
            "parent_pid": None if wrapped else os.getpid(),
            "package_root": str(PACKAGE_ROOT),
            "layers": list(layers),
        }
        if "L2" in layers or wrapped:
            config["l2"], binds = _layer_settings(layers)
        request_r, self._request_w = os.pipe()
        self._response_r, response_w = os.pipe()
        os.set_inheritable(request_r, True)
        os.set_inheritable(response_w, True)
        # The child finds its pipes on fds 3 and 4; a tiny launcher moves them there.
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
        argv = [sys.executable, "-I", "-B", "-c", launcher, json.dumps(config)]
        if wrapped:
            argv = bwrap.command(
                argv, bwrap=bwrap.find() or "bwrap", scratch=self.scratch, read=binds,
                harness=policy.harness_paths(), devices=config["l2"]["devices"], as_root=as_root)
        self._started = time.monotonic()
        # Registered under the lock, so no sweep in another thread can mistake it for an escapee.
        with _live_lock:
            self.process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(request_r, response_w),
                cwd=self.scratch,
                env=_sandbox_env(self.scratch),
                start_new_session=True,
            )
            _live_pids.add(self.process.pid)
        os.close(request_r)
        os.close(response_w)
        keep, kill_after = self.limits.output_keep_bytes, self.limits.output_kill_bytes
        self._stdout = BoundedReader(self.process.stdout, keep, kill_after, self._flood)
        self._stderr = BoundedReader(self.process.stderr, keep, kill_after, self._flood)
        self._stdout.start()
        self._stderr.start()
        self._deadline = self._started + self.limits.startup_s
        self._layers_asked, self._awaiting_ready = layers, True
        return self

    def wait_ready(self) -> "Sandbox":
        """Read the child's ready frame (once); on failure ``died`` says why."""
        if not self._awaiting_ready:
            return self
        self._awaiting_ready = False
        layers = self._layers_asked
        try:
            ready = wire.read_frame(self._read_exact, limit=1024)
        except (EOFError, TimeoutError, wire.WireError):
            ready = {}
        if not isinstance(ready, dict):
            ready = {}
        if ready.get("ready") is not True:
            self._timed_out = False
            self.died = SandboxDied("ungradable", "the sandbox failed to start: " + self._startup_error())
        elif list(ready.get("layers", ["L1"])) != list(layers):  # fail closed, never silently weaker
            self._kill()
            self.died = SandboxDied("ungradable", f"the sandbox did not confirm its isolation layers {layers}")
        else:
            self.confinement = ready.get("details", {})
        self._deadline = None
        return self

    def _startup_error(self) -> str:
        self._kill()
        self.process.wait()
        self._stderr.join(timeout=2)
        lines = self._stderr.text().strip().splitlines()
        return lines[-1] if lines else f"exit code {self.process.returncode}"

    def __enter__(self) -> "Sandbox":
        return self.start() if self.process is None else self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Kill the child and everything it started, and remove its scratch directory."""
        if self.process is None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            return
        if self.process.poll() is None and "L3" in self.isolation.layers and not self.died:
            # An idle child exits at once when its request pipe closes; bubblewrap's init then ends
            # and its PID namespace with it, which is quicker than killing and sweeping the chain.
            os.close(self._request_w)
            self._request_w = -1
            try:
                self.process.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                pass
        if self.process.poll() is None:
            self._kill(tree=False)
        self.process.wait()
        with _live_lock:
            _live_pids.discard(self.process.pid)
        reaper.sweep(self.process.pid, self.uid if os.geteuid() == 0 else None, _live_snapshot)
        if os.geteuid() == 0 and "L2" not in self.isolation.layers:  # its files in /tmp & co. go too
            leftovers.remove_files_of(self.uid)
        for fd in (self._request_w, self._response_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self._stdout.join(timeout=2)
        self._stderr.join(timeout=2)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _kill(self, tree: bool = True) -> None:
        # Inside bubblewrap the child runs in a session of its own below bwrap's init: kill the
        # whole tree now rather than wait for the namespace to fall once bwrap is gone (close()
        # skips this, since its sweep follows at once).
        tree = reaper.descendants({self.process.pid}) if tree and "L3" in self.isolation.layers else set()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.kill()
        except ProcessLookupError:
            pass
        reaper.kill_all(tree - {self.process.pid})

    def _flood(self) -> None:
        self._flooded = True
        self._kill()

    # -- output --------------------------------------------------------------------------------
    @property
    def stdout(self) -> str:
        if not self.process:
            return ""
        self._stdout.drain()
        return self._stdout.text()

    @property
    def stderr(self) -> str:
        """What the child wrote to stderr, less the stack it dumps before a timeout (that only
        words the timeout message)."""
        if not self.process:
            return ""
        self._stderr.drain()
        return DEADLINE_DUMP.sub("", self._stderr.text())

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self._started if self._started else 0.0

    # -- requests ------------------------------------------------------------------------------
    def load(self, modules: list[dict]) -> Reply:
        """Import learner modules: each ``{"name", "filename", "source"}``."""
        self._code_files.update(m["filename"] for m in modules if not m["filename"].startswith("<"))
        return self._request({"op": "load", "modules": modules})

    def call(self, module: str, function: str, args=(), kwargs=None) -> Reply:
        """Call ``module.function(*args, **kwargs)`` in the sandbox with plain-data arguments."""
        return self._request({
            "op": "call", "module": module, "function": function,
            "args": wire.encode(tuple(args)), "kwargs": wire.encode(dict(kwargs or {})),
        })

    def _request(self, message: dict) -> Reply:
        if self.died:
            raise self.died
        if self.process is None or self._awaiting_ready:
            self.start() if self.process is None else self.wait_ready()
            if self.died:
                raise self.died
        if self._deadline is None:
            self._deadline = time.monotonic() + self.limits.timeout_s
        message = {**message, "remaining_s": round(self._deadline - time.monotonic(), 3)}
        self._running = f"{message['function']}()" if message["op"] == "call" else "the import of your file"
        try:
            os.write(self._request_w, wire.dumps(message))
            answer = wire.read_frame(self._read_exact, limit=self.limits.reply_bytes)
            if self._flooded:  # killed for its output; an answer sent meanwhile does not count
                raise EOFError
        except (EOFError, BrokenPipeError, TimeoutError):
            self.died = self._death()
            raise self.died from None
        except wire.WireError as exc:
            self._kill()
            self.died = SandboxDied("error", f"the sandbox sent malformed data ({exc})")
            raise self.died from None
        return self._to_reply(answer)

    def _read_exact(self, n: int) -> bytes:
        chunks, remaining = [], n
        while remaining:
            left = self._deadline - time.monotonic()
            ready, _, _ = select.select([self._response_r], [], [], max(left, 0))
            if not ready:
                self._timed_out = True
                self._kill()
                raise TimeoutError
            chunk = os.read(self._response_r, min(remaining, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _to_reply(self, answer: dict) -> Reply:
        """The child's answer as a ``Reply``; every string in it is made safe here, where it enters."""
        try:
            if answer.get("ok") is True:
                return Reply(True, value=safe_text.clean_data(wire.decode(answer.get("value")), limit=None))
            details = {k: safe_text.clean_data(answer[k], 2000)
                       for k in ("line", "offset", "text", "during", "exception", "filename")
                       if k in answer and type(answer[k]) in (int, str)}
            return Reply(
                False,
                kind=safe_text.clean(answer.get("kind", "exception"), 40),
                message=safe_text.clean(answer.get("message", ""), 4000),
                traceback=safe_text.clean(answer.get("traceback", ""), self.limits.output_keep_bytes),
                details=details,
            )
        except wire.WireError as exc:
            return Reply(False, kind="unsendable", message=str(exc))

    def _death(self) -> SandboxDied:
        """Explain why the child stopped answering."""
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._kill()
            code = self.process.wait()
        limits = self.limits
        if self._timed_out:
            return SandboxDied("timeout", f"timed out after {limits.timeout_s:g} s (wall clock){self._where()}")
        if self._flooded:
            return SandboxDied(
                "error", f"output limit: printed more than {limits.output_kill_bytes // 1024} KiB"
            )
        if code == -signal.SIGXCPU or (code == -signal.SIGKILL and self._cpu_exhausted()):
            return SandboxDied("timeout", f"CPU time limit of {limits.cpu_s:g} s exceeded")
        if code == -signal.SIGKILL:
            return SandboxDied(
                "error", f"killed by SIGKILL; most likely the memory limit ({limits.memory_mb} MB) "
                "or the system ran out of memory"
            )
        if code == -signal.SIGXFSZ:
            return SandboxDied("error", "file size limit: wrote a file that is too large")
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            return SandboxDied("error", f"crashed with signal {name}")
        return SandboxDied(
            "error", f"the process exited (exit code {code}) before returning a result; "
            "did your code call sys.exit() or os._exit()?"
        )

    def _where(self) -> str:
        """" while running f(): it was in g(), file.py, line N": from the stack the child dumped
        before its deadline (``faulthandler``), the innermost frame in a file it loaded."""
        self._stderr.join(timeout=1)
        dump = self._stderr.text().rsplit("most recent call first):", 1)
        frames = [FRAME.match(line) for line in dump[1].splitlines()] if len(dump) == 2 else []
        for frame in filter(None, frames):
            if frame["file"] in self._code_files:
                return (f" while running {self._running}: it was in {frame['name']}(), "
                        f"{frame['file']}, line {frame['line']}")
        return f" while running {self._running}" if self._running else ""

    def _cpu_exhausted(self) -> bool:
        return self.elapsed_s >= self.limits.cpu_s
