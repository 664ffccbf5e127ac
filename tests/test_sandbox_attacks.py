"""Learner code that tries to cheat, crash or escape: each gets the exact status, the grader stays healthy."""

from __future__ import annotations

import os
import resource
import textwrap
import time
from pathlib import Path

import pytest

from tutor.grading.grader import grade
from tutor.workspace import Workspace

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


@pytest.fixture(autouse=True)
def grader_stays_healthy(fixture_course, tmp_path):
    """After every attack this same grader process still grades honestly and has no children left."""
    yield
    assert own_children() == []
    report = submit(fixture_course, tmp_path / "after", "def double(x):\n    return 2 * x\n")
    assert report.status == "passed"


def submit(course, tmp_path, source: str):
    workspace = Workspace(tmp_path / "ws", course)
    workspace.sync()
    path = workspace.path_for(course.get("double"))
    path.write_text(textwrap.dedent(source))
    return grade(course, course.get("double"), workspace.root)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_correct_code_passes(fixture_course, tmp_path):
    report = submit(fixture_course, tmp_path, "def double(x):\n    return x + x\n")
    assert (report.status, report.score, report.max_score) == ("passed", 3, 3)


@pytest.mark.parametrize("exit_call", ["sys.exit(0)", "os._exit(0)", "raise SystemExit(0)"])
def test_exit_at_import_is_an_error(fixture_course, tmp_path, exit_call):
    report = submit(fixture_course, tmp_path, f"import os, sys\n{exit_call}\n" + WRONG)
    assert report.status == "error"
    assert report.score == 0
    assert "exit" in report.message


@pytest.mark.parametrize("exit_call", ["sys.exit(0)", "os._exit(0)"])
def test_exit_inside_the_function_is_an_error(fixture_course, tmp_path, exit_call):
    report = submit(fixture_course, tmp_path, f"import os, sys\ndef double(x):\n    {exit_call}\n")
    assert report.status == "error"
    assert report.score == 0


def test_printing_a_fake_passing_report_changes_nothing(fixture_course, tmp_path):
    fake = '{"exercise": "double", "status": "passed", "score": 3, "max_score": 3}'
    report = submit(fixture_course, tmp_path, f"print({fake!r})\nimport sys\nsys.stderr.write('PASSED')\n"
                    "def double(x):\n    print('status: passed')\n    return x\n")
    assert report.status == "failed"
    assert report.score == 0
    assert '"status": "passed"' in report.stdout  # shown to the learner, never believed


def test_patching_numpy_in_the_child_changes_nothing(fixture_course, tmp_path):
    report = submit(fixture_course, tmp_path, """
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


def test_sabotaging_the_childs_encoder_cannot_pass(fixture_course, tmp_path):
    report = submit(fixture_course, tmp_path, """
        import numpy as np
        np.save = lambda *a, **k: None
        def double(x):
            return 2 * x
    """)
    assert report.status != "passed"
    assert report.score == 0


def test_an_object_with_a_lying_eq_fails(fixture_course, tmp_path):
    report = submit(fixture_course, tmp_path, """
        class Liar:
            def __eq__(self, other): return True
            def __ne__(self, other): return False
        def double(x):
            return Liar()
    """)
    assert report.status == "failed"
    assert "Liar" in report.checks[0].message


def test_an_ndarray_subclass_is_compared_as_plain_numbers(fixture_course, tmp_path):
    report = submit(fixture_course, tmp_path, """
        import numpy as np
        class Always(np.ndarray):
            def __eq__(self, other): return np.ones(self.shape, bool)
            def __array_finalize__(self, obj): pass
        def double(x):
            return np.asarray(x).view(Always)
    """)
    assert report.status == "failed"
    assert "values differ" in report.checks[0].message


def test_nan_output_is_named(fixture_course, tmp_path):
    report = submit(fixture_course, tmp_path, "import numpy as np\ndef double(x):\n    return x * np.nan\n")
    assert report.status == "failed"
    assert "NaN" in report.checks[0].message


def test_an_infinite_loop_ignoring_sigterm_times_out(fixture_course, tmp_path):
    started = time.monotonic()
    report = submit(fixture_course, tmp_path, """
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


def test_a_20_gb_allocation_is_a_memory_error(fixture_course, tmp_path):
    report = submit(fixture_course, tmp_path, """
        import numpy as np
        def double(x):
            big = np.ones(20 * 1024**3 // 8)
            return big[: x.size].reshape(x.shape) * 2 * x
    """)
    assert report.status == "error"
    assert "MemoryError" in report.checks[0].message or "memory" in report.checks[0].message.lower()


def test_many_children_and_a_setsid_daemon_leave_nothing_running(fixture_course, tmp_path):
    pid_file = Path("/tmp") / f"dltutor-test-pids-{os.getpid()}-{time.time_ns()}"
    try:
        report = submit(fixture_course, tmp_path, f"""
            import os, time
            started = []
            def double(x):
                if started:
                    return 2 * x
                started.append(True)
                for _ in range(8):
                    pid = os.fork()
                    if pid == 0:
                        os.setsid()
                        if os.fork() == 0:  # a grandchild daemon, detached twice
                            with open({str(pid_file)!r}, "a") as f:
                                f.write(f"{{os.getpid()}}\\n")
                            while True:
                                time.sleep(0.1)
                        os._exit(0)
                time.sleep(0.5)
                return 2 * x
        """)
        time.sleep(0.2)
        pids = [int(p) for p in pid_file.read_text().split()] if pid_file.exists() else []
        assert report.status == "passed"
        assert pids, "the daemons did not start, so this test proves nothing"
        assert [p for p in pids if alive(p)] == []
    finally:
        pid_file.unlink(missing_ok=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="RLIMIT_NPROC bounds a fork bomb only for the sandbox's own "
                    "uid (as root); as a shared uid, standard isolation (seccomp) forbids new processes")
def test_a_fork_bomb_is_bounded_and_cleaned_up(fixture_course, tmp_path):
    uid_file = Path("/tmp") / f"dltutor-test-uid-{os.getpid()}-{time.time_ns()}"
    started = time.monotonic()
    try:
        report = submit(fixture_course, tmp_path, f"""
            import os
            def double(x):
                with open({str(uid_file)!r}, "w") as f:
                    f.write(str(os.getuid()))
                while True:
                    try:
                        os.fork()
                    except OSError:
                        pass
        """)
        assert report.status in ("timeout", "error")
        assert time.monotonic() - started < 15
        uid = int(uid_file.read_text())
        assert uid != 0
        leftovers = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _owned_by(p, uid)]
        assert leftovers == []
    finally:
        uid_file.unlink(missing_ok=True)


def _owned_by(proc: Path, uid: int) -> bool:
    try:
        return proc.stat().st_uid == uid and alive(int(proc.name))
    except OSError:
        return False


def test_printing_a_gigabyte_is_cut_off_and_the_grader_stays_small(fixture_course, tmp_path):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    report = submit(fixture_course, tmp_path, """
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
def test_base_exception_subclasses_are_errors(fixture_course, tmp_path, exception):
    report = submit(fixture_course, tmp_path, f"""
        class Custom(BaseException):
            pass
        def double(x):
            raise {exception}()
    """)
    assert report.status == "error"
    assert exception in report.checks[0].message
    assert "line 5" in report.traceback


def test_a_syntax_error_shows_the_learners_line(fixture_course, tmp_path):
    report = submit(fixture_course, tmp_path, "import numpy\n\ndef double(x)\n    return 2 * x\n")
    assert report.status == "error"
    assert "double.py, line 3" in report.message
    assert "def double(x)" in report.message
    assert "line 3" in report.traceback and "^" in report.traceback


def test_a_missing_file_is_failed_with_zero_points(fixture_course, tmp_path):
    workspace = Workspace(tmp_path / "ws", fixture_course)
    workspace.sync()
    workspace.path_for(fixture_course.get("double")).unlink()
    report = grade(fixture_course, fixture_course.get("double"), workspace.root)
    assert (report.status, report.score) == ("failed", 0)
    assert "not found" in report.message


def test_an_empty_file_is_failed_with_zero_points(fixture_course, tmp_path):
    report = submit(fixture_course, tmp_path, "\n\n")
    assert (report.status, report.score) == ("failed", 0)
    assert "empty" in report.message


def test_a_huge_return_value_is_an_error_not_a_crash(fixture_course, tmp_path):
    report = submit(fixture_course, tmp_path, """
        import numpy as np
        def double(x):
            return np.zeros((9000, 1000))
    """)
    assert report.status in ("error", "failed")
    assert report.score == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="at basic isolation the sandbox only loses the right to "
                    "signal the grader when the grader runs as root (standard isolation adds seccomp)")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL", "SIGSTOP"])
def test_signalling_the_grader_fails_and_the_grader_survives(cli, signal_name):
    cli("list")
    cli.learner_file("basics/double.py").write_text(
        f"import os, signal\nos.kill(os.getppid(), signal.{signal_name})\n"
        f"def double(x):\n    os.kill(os.getppid(), signal.{signal_name})\n    return 2 * x\n")
    result = cli("check", "double", "--json", timeout=60)
    assert result.returncode == 1, result.stderr
    assert '"status": "error"' in result.stdout
    assert "PermissionError" in result.stdout
