"""Starts a sandbox child, talks to it over two pipes, and reports how it ended."""

from __future__ import annotations

import os
import secrets
import select
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

from tutor import safe_text
from tutor.sandbox import bwrap, child_setup, leftovers, policy, reaper, tracking, wire
from tutor.sandbox.child_setup import child_argv, layer_settings, process_allowance, sandbox_env
from tutor.sandbox.death import DEADLINE_DUMP, SandboxDied, explain, where
from tutor.sandbox.levels import Isolation
from tutor.sandbox.limits import Limits
from tutor.sandbox.output import BoundedReader
from tutor.sandbox.tracking import spawn_tracked, untrack

__all__ = ["Reply", "Sandbox", "SandboxDied", "spawn_tracked", "untrack"]

SANDBOX_UID_RANGE = (1_500_000, 1_900_000)


@dataclass(frozen=True)
class Reply:
    """What the sandbox said about one request: a value, or how the learner's code failed."""

    ok: bool
    value: object = None
    kind: str = ""
    message: str = ""
    traceback: str = ""
    details: dict = field(default_factory=dict)


class Sandbox:
    """One sandbox process for one submission; use as a context manager.

    ``isolation`` says which layers to apply (docs/architecture.md, Invariants): L1 always; L2 (Landlock + seccomp)
    in the child's own bootstrap before any learner code; L3 by starting the child inside
    bubblewrap (``tutor.sandbox.isolation.resolve()`` says which levels this machine gives).
    """

    def __init__(self, limits: Limits, preload: tuple[str, ...] | None = None, *, isolation: Isolation):
        self.limits = limits
        self.preload = limits.preload if preload is None else preload
        self.isolation = isolation
        self.scratch = tempfile.mkdtemp(prefix="dltutor-sandbox-")
        self.uid = secrets.randbelow(SANDBOX_UID_RANGE[1] - SANDBOX_UID_RANGE[0]) + SANDBOX_UID_RANGE[0]
        self.process: subprocess.Popen | None = None
        self.died: SandboxDied | None = None
        self._flooded = False
        self._timed_out = False
        self._deadline: float | None = 0.0
        self._started = 0.0
        self._awaiting_ready = False
        self._layers_asked: tuple[str, ...] = ()
        self._code_files: set[str] = set()  # names of the files loaded, for where a timeout happened
        self._running = ""  # what the request in flight runs, for the timeout message
        self.confinement: dict = {}

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> Sandbox:
        """Launch the child and wait until it is ready (or ``died`` says why not)."""
        return self.launch().wait_ready()

    def launch(self) -> Sandbox:
        """Start the child without waiting for it: its first request waits, so two sandboxes
        launched one after the other import their preloads side by side."""
        reaper.harden_grader()
        as_root = os.geteuid() == 0
        processes = self.limits.processes if as_root else process_allowance()
        layers = tuple(self.isolation.layers)
        wrapped = "L3" in layers
        config: dict[str, Any] = {
            "limits": self.limits.child_settings(processes),
            "preload": list(self.preload),
            "uid": self.uid,
            "scratch": self.scratch,
            "parent_pid": None if wrapped else os.getpid(),
            "package_root": str(child_setup.PACKAGE_ROOT),
            "layers": list(layers),
        }
        if "L2" in layers or wrapped:
            config["l2"], binds = layer_settings(layers)
        request_r, self._request_w = os.pipe()
        self._response_r, response_w = os.pipe()
        os.set_inheritable(request_r, True)
        os.set_inheritable(response_w, True)
        argv = child_argv(config, request_r, response_w)
        if wrapped:
            argv = bwrap.command(
                argv, bwrap=bwrap.find() or "bwrap", scratch=self.scratch, read=binds,
                harness=policy.harness_paths(), devices=config["l2"]["devices"], as_root=as_root)
        self._started = time.monotonic()
        # Registered as it starts, so no sweep in another thread can mistake it for an escapee.
        self.process = spawn_tracked(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(request_r, response_w),
            cwd=self.scratch,
            env=sandbox_env(self.scratch),
            start_new_session=True,
        )
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

    def wait_ready(self) -> Sandbox:
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

    def _child(self) -> subprocess.Popen:
        """The child process (after ``launch``)."""
        if self.process is None:
            raise RuntimeError("the sandbox has not been launched")
        return self.process

    def _startup_error(self) -> str:
        self._kill()
        code = self._child().wait()
        self._stderr.join(timeout=2)
        lines = self._stderr.text().strip().splitlines()
        return lines[-1] if lines else f"exit code {code}"

    def __enter__(self) -> Sandbox:
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
        untrack(self.process.pid)
        reaper.sweep(self.process.pid, self.uid if os.geteuid() == 0 else None, tracking.live)
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
        process = self._child()
        below = reaper.descendants({process.pid}) if tree and "L3" in self.isolation.layers else set()
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            process.kill()
        except ProcessLookupError:
            pass
        reaper.kill_all(below - {process.pid})

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
        deadline = self._deadline
        message = {**message, "remaining_s": round(deadline - time.monotonic(), 3)}
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
        deadline = self._deadline if self._deadline is not None else time.monotonic() + self.limits.timeout_s
        while remaining:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._response_r], [], [], max(left, 0))
            if not ready:
                self._timed_out = True
                self._await_stack_dump()
                self._kill()
                raise TimeoutError
            chunk = os.read(self._response_r, min(remaining, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _await_stack_dump(self, grace_s: float = 1.0) -> None:
        """Give the stack the child dumps before its deadline (``death.where``) a moment to arrive on a
        busy machine; it only words the timeout message, so waiting is bounded and the verdict unchanged."""
        if not self._running:
            return
        deadline = time.monotonic() + grace_s
        while time.monotonic() < deadline and "most recent call first" not in self._stderr.text():
            time.sleep(0.02)

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
            code = self._child().wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._kill()
            code = self._child().wait()
        where_text = ""
        if self._timed_out:
            self._stderr.join(timeout=1)
            where_text = where(self._stderr.text(), self._code_files, self._running)
        return explain(self.limits, code, timed_out=self._timed_out, flooded=self._flooded,
                       cpu_exhausted=self.elapsed_s >= self.limits.cpu_s, where_text=where_text)
