"""Says in plain words why a sandbox stopped answering: a timeout (and where the code was), a limit, a crash."""

from __future__ import annotations

import re
import signal

from tutor.sandbox.limits import Limits

# The stack the child dumps shortly before its deadline (faulthandler; see child._handle).
DEADLINE_DUMP = re.compile(r"Timeout \([0-9:.]+\)!\nThread 0x[0-9a-f]+ \(most recent call first\):\n(?:  .*\n?)*")
FRAME = re.compile(r'\s+File "(?P<file>[^"]+)", line (?P<line>\d+) in (?P<name>\S+)')


class SandboxDied(Exception):
    """The sandbox stopped answering: timed out, broke a limit, crashed or exited early."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status = status  # "timeout", "error", or "ungradable" when it never started
        self.reason = reason


def where(stderr: str, code_files: set[str], running: str) -> str:
    """" while running f(): it was in g(), file.py, line N": from the stack the child dumped
    before its deadline, the innermost frame in one of ``code_files``. Untrusted text: it only
    words the message, it never decides a status."""
    dump = stderr.rsplit("most recent call first):", 1)
    frames = [FRAME.match(line) for line in dump[1].splitlines()] if len(dump) == 2 else []
    for frame in filter(None, frames):
        if frame["file"] in code_files:
            return f" while running {running}: it was in {frame['name']}(), {frame['file']}, line {frame['line']}"
    return f" while running {running}" if running else ""


def explain(limits: Limits, code: int | None, *, timed_out: bool, flooded: bool, cpu_exhausted: bool,
            where_text: str = "") -> SandboxDied:
    """Why a child that exited with ``code`` stopped answering."""
    if timed_out:
        return SandboxDied("timeout", f"timed out after {limits.timeout_s:g} s (wall clock){where_text}")
    if flooded:
        return SandboxDied("error", f"output limit: printed more than {limits.output_kill_bytes // 1024} KiB")
    if code == -signal.SIGXCPU or (code == -signal.SIGKILL and cpu_exhausted):
        return SandboxDied("timeout", f"CPU time limit of {limits.cpu_s:g} s exceeded")
    if code == -signal.SIGKILL:
        return SandboxDied("error", f"killed by SIGKILL; most likely the memory limit ({limits.memory_mb} MB) "
                           "or the system ran out of memory")
    if code == -signal.SIGXFSZ:
        return SandboxDied("error", "file size limit: wrote a file that is too large")
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        return SandboxDied("error", f"crashed with signal {name}")
    return SandboxDied("error", f"the process exited (exit code {code}) before returning a result; "
                       "did your code call sys.exit() or os._exit()?")
