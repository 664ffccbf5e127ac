"""Learner code that tries to cheat, crash or escape: each gets the exact status, the grader stays healthy.

Every test here runs at every isolation level this machine offers (basic, standard, strong) and is
skipped, with the reason, at a level that is missing. ``test_escape_attempt_fails`` is the
escape suite: at ``strong`` and ``standard`` every attempt fails and the verdict is unaffected; at
``basic`` only what L1 itself stops is asserted (when the grader is root: signals, ptrace and
``/proc/<grader>/environ``), since docs/architecture.md, Invariants leaves files and network open at L1.
"""

from __future__ import annotations

import os
import re
import resource
import select
import shutil
import signal
import socket
import stat
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from tests.support import FIXTURE_COURSE, isolation_or_skip
from tutor.grading.grader import grade
from tutor.workspace import Workspace

LEVELS = ("basic", "standard", "strong")

WRONG = "def double(x):\n    return x\n"


def own_children() -> list[int]:
    me = str(os.getpid())
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and (proc / "stat").read_text().rsplit(")", 1)[1].split()[2] == me:
                found.append(int(proc.name))
        except OSError:
            continue
    return [pid for pid in found if alive(pid)]


@pytest.fixture(params=LEVELS)
def level(request):
    """Each isolation level in turn; skipped with the reason where this machine lacks it."""
    return isolation_or_skip(request.param)


@pytest.fixture(autouse=True)
def grader_stays_healthy(fixture_course, tmp_path, level):
    """After every attack this same grader process still grades honestly and has no children left."""
    yield
    assert own_children() == []
    report = submit(level, fixture_course, tmp_path / "after", "def double(x):\n    return 2 * x\n")
    assert report.status == "passed"


def submit(level, course, tmp_path, source: str):
    workspace = Workspace(tmp_path / "ws", course)
    workspace.sync()
    path = workspace.path_for(course.get("double"))
    path.write_text(textwrap.dedent(source))
    return grade(course, course.get("double"), workspace.root, isolation=level)


def confined(level) -> bool:
    """Whether seccomp and Landlock (L2) confine the sandbox at this level."""
    return "L2" in level.layers


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_correct_code_passes(fixture_course, tmp_path, level):
    report = submit(level, fixture_course, tmp_path, "def double(x):\n    return x + x\n")
    assert (report.status, report.score, report.max_score) == ("passed", 3, 3)


@pytest.mark.parametrize("exit_call", ["sys.exit(0)", "os._exit(0)", "raise SystemExit(0)"])
def test_exit_at_import_is_an_error(fixture_course, tmp_path, level, exit_call):
    report = submit(level, fixture_course, tmp_path, f"import os, sys\n{exit_call}\n" + WRONG)
    assert report.status == "error"
    assert report.score == 0
    assert "exit" in report.message


@pytest.mark.parametrize("exit_call", ["sys.exit(0)", "os._exit(0)"])
def test_exit_inside_the_function_is_an_error(fixture_course, tmp_path, level, exit_call):
    report = submit(level, fixture_course, tmp_path, f"import os, sys\ndef double(x):\n    {exit_call}\n")
    assert report.status == "error"
    assert report.score == 0


def test_printing_a_fake_passing_report_changes_nothing(fixture_course, tmp_path, level):
    fake = '{"exercise": "double", "status": "passed", "score": 3, "max_score": 3}'
    report = submit(level, fixture_course, tmp_path, f"print({fake!r})\nimport sys\nsys.stderr.write('PASSED')\n"
                    "def double(x):\n    print('status: passed')\n    return x\n")
    assert report.status == "failed"
    assert report.score == 0
    assert '"status": "passed"' in report.stdout  # shown to the learner, never believed


def test_patching_numpy_in_the_child_changes_nothing(fixture_course, tmp_path, level):
    report = submit(level, fixture_course, tmp_path, """
        import numpy as np
        np.allclose = lambda *a, **k: True
        np.array_equal = lambda *a, **k: True
        np.testing.assert_allclose = lambda *a, **k: None
        np.isclose = lambda *a, **k: np.ones(1, bool)
        def double(x):
            return x
    """)
    assert report.status == "failed"
    assert report.score == 0


def test_sabotaging_the_childs_encoder_cannot_pass(fixture_course, tmp_path, level):
    report = submit(level, fixture_course, tmp_path, """
        import numpy as np
        np.save = lambda *a, **k: None
        def double(x):
            return 2 * x
    """)
    assert report.status != "passed"
    assert report.score == 0


def test_an_object_with_a_lying_eq_fails(fixture_course, tmp_path, level):
    report = submit(level, fixture_course, tmp_path, """
        class Liar:
            def __eq__(self, other): return True
            def __ne__(self, other): return False
        def double(x):
            return Liar()
    """)
    assert report.status == "failed"
    assert "Liar" in report.checks[0].message


def test_an_ndarray_subclass_is_compared_as_plain_numbers(fixture_course, tmp_path, level):
    report = submit(level, fixture_course, tmp_path, """
        import numpy as np
        class Always(np.ndarray):
            def __eq__(self, other): return np.ones(self.shape, bool)
            def __array_finalize__(self, obj): pass
        def double(x):
            return np.asarray(x).view(Always)
    """)
    assert report.status == "failed"
    assert "values differ" in report.checks[0].message


def test_nan_output_is_named(fixture_course, tmp_path, level):
    report = submit(level, fixture_course, tmp_path, "import numpy as np\ndef double(x):\n    return x * np.nan\n")
    assert report.status == "failed"
    assert "NaN" in report.checks[0].message


def test_an_infinite_loop_ignoring_sigterm_times_out(fixture_course, tmp_path, level):
    started = time.monotonic()
    report = submit(level, fixture_course, tmp_path, """
        import signal
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        def double(x):
            while True:
                pass
    """)
    elapsed = time.monotonic() - started
    timeout = fixture_course.get("double").timeout_s
    assert report.status == "timeout"
    assert all(c.status == "timeout" for c in report.checks)
    assert elapsed < timeout + 2
    # the message names the function and the line the code was stuck in (dumped before the deadline)
    # (the loop is lines 5 and 6: the stack is taken on either)
    assert re.search(r"while running double\(\): it was in double\(\), basics/double.py, line [56]$",
                     report.checks[0].message), report.checks[0].message
    assert "most recent call first" not in report.stdout  # the dump words the message, nothing else


def test_a_faked_stack_dump_cannot_change_a_verdict(fixture_course, tmp_path, level):
    report = submit(level, fixture_course, tmp_path, """
        import sys
        def double(x):
            sys.stderr.write('Timeout (0:00:01)!\\nThread 0x1 (most recent call first):\\n'
                             '  File "basics/double.py", line 99 in passed\\n')
            return x
    """)
    assert (report.status, report.score) == ("failed", 0)


def test_a_20_gb_allocation_is_a_memory_error(fixture_course, tmp_path, level):
    report = submit(level, fixture_course, tmp_path, """
        import numpy as np
        def double(x):
            big = np.ones(20 * 1024**3 // 8)
            return big[: x.size].reshape(x.shape) * 2 * x
    """)
    assert report.status == "error"
    assert "MemoryError" in report.checks[0].message or "memory" in report.checks[0].message.lower()


def test_many_children_and_a_setsid_daemon_leave_nothing_running(fixture_course, tmp_path, level):
    # The daemons announce themselves on stdout: a file in /tmp would be removed with the
    # sandbox's other leftovers (tutor.sandbox.leftovers) before this test could read it.
    report = submit(level, fixture_course, tmp_path, """
        import os, time
        started = []
        def double(x):
            if started:
                return 2 * x
            started.append(True)
            for _ in range(8):
                try:
                    pid = os.fork()
                except OSError as exc:
                    print("fork refused:", type(exc).__name__, flush=True)
                    return 2 * x
                if pid == 0:
                    os.setsid()
                    if os.fork() == 0:  # a grandchild daemon, detached twice
                        print(f"daemon {os.getpid()}", flush=True)
                        while True:
                            time.sleep(0.1)
                    os._exit(0)
            time.sleep(0.5)
            return 2 * x
    """)
    time.sleep(0.2)
    pids = [int(line.split()[1]) for line in report.stdout.splitlines() if line.startswith("daemon ")]
    assert report.status == "passed"
    if confined(level):  # seccomp: no new process at all, so no daemon either
        assert "fork refused: PermissionError" in report.stdout
        assert pids == []
    else:
        assert pids, "the daemons did not start, so this test proves nothing"
        assert [p for p in pids if alive(p)] == []


def test_a_fork_bomb_is_bounded_and_cleaned_up(fixture_course, tmp_path, level):
    if os.geteuid() != 0 and not confined(level):
        pytest.skip("at basic, RLIMIT_NPROC bounds a fork bomb only for the sandbox's own uid (as root); "
                    "as a shared uid, standard isolation (seccomp) forbids new processes")
    started = time.monotonic()
    report = submit(level, fixture_course, tmp_path, """
        import os
        def double(x):
            print("uid", os.getuid(), flush=True)
            refused = 0
            while True:
                try:
                    os.fork()
                except OSError:
                    refused += 1
                    if refused == 1:
                        print("fork refused", flush=True)
    """)
    assert report.status in ("timeout", "error")
    assert time.monotonic() - started < 15
    if confined(level):
        assert "fork refused" in report.stdout
    uid = int(report.stdout.split("uid", 1)[1].split()[0])
    if os.geteuid() == 0:
        assert uid != 0
        leftovers = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _owned_by(p, uid)]
        assert leftovers == []


def _owned_by(proc: Path, uid: int) -> bool:
    try:
        return proc.stat().st_uid == uid and alive(int(proc.name))
    except OSError:
        return False


def test_printing_a_gigabyte_is_cut_off_and_the_grader_stays_small(fixture_course, tmp_path, level):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    report = submit(level, fixture_course, tmp_path, """
        import sys
        def double(x):
            chunk = "x" * (1 << 20)
            for _ in range(1024):
                sys.stdout.write(chunk)
            return 2 * x
    """)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert report.status == "error"
    assert "output limit" in report.checks[0].message
    assert len(report.stdout) < 200_000
    assert grown_kib < 100 * 1024
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("exception", ["KeyboardInterrupt", "GeneratorExit", "Custom"])
def test_base_exception_subclasses_are_errors(fixture_course, tmp_path, level, exception):
    report = submit(level, fixture_course, tmp_path, f"""
        class Custom(BaseException):
            pass
        def double(x):
            raise {exception}()
    """)
    assert report.status == "error"
    assert exception in report.checks[0].message
    assert "line 5" in report.traceback


def test_a_syntax_error_shows_the_learners_line(fixture_course, tmp_path, level):
    report = submit(level, fixture_course, tmp_path, "import numpy\n\ndef double(x)\n    return 2 * x\n")
    assert report.status == "error"
    assert report.message.startswith("basics/double.py, line 3, column 14: expected ':'")
    assert "def double(x)" in report.message and "^" in report.message
    assert report.message.count("line 3") == 1 and report.traceback == ""  # the place is said once


def test_a_missing_file_is_failed_with_zero_points(fixture_course, tmp_path, level):
    workspace = Workspace(tmp_path / "ws", fixture_course)
    workspace.sync()
    workspace.path_for(fixture_course.get("double")).unlink()
    report = grade(fixture_course, fixture_course.get("double"), workspace.root, isolation=level)
    assert (report.status, report.score) == ("failed", 0)
    assert "is missing" in report.message and "dltutor reset double" in report.message


def test_an_empty_file_is_failed_with_zero_points(fixture_course, tmp_path, level):
    report = submit(level, fixture_course, tmp_path, "\n\n")
    assert (report.status, report.score) == ("failed", 0)
    assert "empty" in report.message


def test_a_huge_return_value_is_an_error_not_a_crash(fixture_course, tmp_path, level):
    report = submit(level, fixture_course, tmp_path, """
        import numpy as np
        def double(x):
            return np.zeros((9000, 1000))
    """)
    assert report.status in ("error", "failed")
    assert report.score == 0


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL", "SIGSTOP"])
def test_signalling_the_grader_fails_and_the_grader_survives(cli, signal_name, level):
    """The CLI grader is the sandbox's parent at basic and standard; at strong the parent is
    bubblewrap's init inside the PID namespace, and the grader cannot be named at all."""
    if os.geteuid() != 0 and not confined(level):
        pytest.skip("at basic isolation the sandbox only loses the right to signal the grader when the "
                    "grader runs as root (standard isolation adds seccomp)")
    cli("list")
    cli.learner_file("basics/double.py").write_text(
        f"import os, signal\nos.kill(os.getppid(), signal.{signal_name})\n"
        f"def double(x):\n    os.kill(os.getppid(), signal.{signal_name})\n    return 2 * x\n")
    result = cli("check", "double", "--json", "--isolation", level.level, timeout=60)
    assert result.returncode == 1, result.stderr
    assert '"status": "error"' in result.stdout
    assert "PermissionError" in result.stdout


# -- the escape suite ----------------------------------------------------------------------------
# Each attempt runs at import time in the learner's file and prints what happened; the learner's
# function itself is correct, so the verdict must stay "passed" with full points at every level.

ESCAPE = """
import os, sys
def attempt():
{body}
try:
    result = attempt()
    print("ESCAPE allowed:", repr(result)[:200], flush=True)
except BaseException as exc:
    print("ESCAPE blocked:", type(exc).__name__, exc, flush=True)

def double(x):
    return 2 * x
"""
ATTEMPTS = {
    "read the reference solution": "    return open({solution!r}).read()",
    "TCP to a listener on 127.0.0.1": (
        "    import socket\n"
        "    with socket.create_connection(('127.0.0.1', {tcp_port}), timeout=2) as s:\n"
        "        s.sendall(b'hello')\n"
        "    return 'connected'"),
    "UDP to a listener on 127.0.0.1": (
        "    import socket\n"
        "    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:\n"
        "        s.sendto(b'hello', ('127.0.0.1', {udp_port}))\n"
        "    return 'sent'"),
    "write the progress file": "    return open({progress!r}, 'w').write('{{\"double\": \"passed\"}}')",
    "write the reference solution": "    return open({solution_copy!r}, 'a').write('\\nHACKED = 1\\n')",
    "write the learner's other file": "    return open({other_file!r}, 'w').write('def scale(x, k):\\n    return x * k\\n')",
    "create a file outside the scratch directory": "    return open({outside!r}, 'w').write('x')",
    "chmod the learner's other file": "    return os.chmod({other_file!r}, 0)",
    "fork": (
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        os._exit(0)\n"
        "    os.waitpid(pid, 0)\n"
        "    return pid"),
    "a setsid daemon": (
        "    import time\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        os.setsid()\n"
        "        if os.fork() == 0:\n"
        "            time.sleep(60)\n"
        "        os._exit(0)\n"
        "    return pid"),
    "signal the grader": "    import signal\n    os.kill({grader}, signal.SIGURG)\n    return 'signalled'",
    "ptrace the grader": (
        "    import ctypes\n"
        "    libc = ctypes.CDLL(None, use_errno=True)\n"
        "    if libc.ptrace(16, {grader}, 0, 0) != 0:\n"
        "        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))\n"
        "    libc.ptrace(17, {grader}, 0, 0)\n"
        "    return 'attached'"),
    "read the grader's environment through /proc": "    return open('/proc/{grader}/environ', 'rb').read()[:40]",
}
# What L1 alone stops, and only when the grader is root (the sandbox then has a uid of its own).
BLOCKED_AT_BASIC_AS_ROOT = {"signal the grader", "ptrace the grader", "read the grader's environment through /proc",
                            "chmod the learner's other file"}


@pytest.fixture
def open_workspace(fixture_course):
    """A workspace anyone may write (0777), so only the sandbox's own layers can stop a write."""
    base = Path(tempfile.mkdtemp(prefix="dltutor-open-ws-"))
    try:
        workspace = Workspace(base / "ws", fixture_course)
        workspace.sync()
        for path in [base, *base.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)
        yield workspace
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def listeners():
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(8)
    udp.bind(("127.0.0.1", 0))
    yield tcp, udp
    tcp.close()
    udp.close()


@pytest.fixture
def urgent_signals():
    received = []
    previous = signal.signal(signal.SIGURG, lambda *_: received.append(True))
    yield received
    signal.signal(signal.SIGURG, previous)


@pytest.mark.parametrize("attempt", list(ATTEMPTS))
def test_escape_attempt_fails(fixture_course, level, attempt, open_workspace, listeners, urgent_signals):
    workspace = open_workspace
    tcp, udp = listeners
    solution_copy = workspace.root.parent / "solutions" / "double.py"  # a course pack beside the workspace
    solution_copy.parent.mkdir()
    shutil.copyfile(FIXTURE_COURSE / "solutions" / "double.py", solution_copy)
    solution_copy.chmod(0o666)
    progress = workspace.progress.path
    other_file = workspace.path_for(fixture_course.get("scale"))
    outside = Path(tempfile.gettempdir()) / f"dltutor-escape-{os.getpid()}-{time.time_ns()}"
    watched = [progress, solution_copy, other_file]
    def snapshot():
        return {path: (path.read_bytes(), path.stat().st_mode) if path.exists() else None for path in watched}

    before = snapshot()
    body = ATTEMPTS[attempt].format(
        solution=str(FIXTURE_COURSE / "solutions" / "double.py"), solution_copy=str(solution_copy),
        tcp_port=tcp.getsockname()[1], udp_port=udp.getsockname()[1], progress=str(progress),
        other_file=str(other_file), outside=str(outside), grader=os.getpid())
    workspace.path_for(fixture_course.get("double")).write_text(ESCAPE.format(body=body))
    try:
        report = grade(fixture_course, fixture_course.get("double"), workspace.root, isolation=level)
        time.sleep(0.05)
        outside_written = outside.exists()
    finally:
        outside.unlink(missing_ok=True)

    assert (report.status, report.score, report.max_score) == ("passed", 3, 3), report.message
    assert "ESCAPE" in report.stdout, report.stdout  # the attempt really ran
    must_fail = confined(level) or (os.geteuid() == 0 and attempt in BLOCKED_AT_BASIC_AS_ROOT)
    if not must_fail:
        return  # docs/architecture.md, Invariants: L1 alone leaves this open; the verdict above is what must hold
    assert "ESCAPE blocked" in report.stdout, report.stdout
    assert "Reference solution" not in report.stdout
    assert snapshot() == before
    assert not outside_written
    assert select.select([tcp, udp], [], [], 0.1)[0] == [], "a packet or connection reached the listener"
    assert urgent_signals == []

