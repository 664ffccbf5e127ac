"""Isolation levels: the probe and its cache, the reasons for missing layers, failing closed, what
L2 and L3 let a sandbox see, the warm pool inside the layers, and Keras training inside them."""

from __future__ import annotations

import ctypes
import errno
import glob
import json
import os
import shutil
import sys
import tempfile
import textwrap

import pytest

from tests.support import FIXTURE_COURSE, REPO, isolation_or_skip
from tutor.grading.grader import grade, limits_for
from tutor.sandbox import bwrap, isolation, landlock, policy, probe, seccomp
from tutor.sandbox.limits import Limits
from tutor.sandbox.runner import Sandbox
from tutor.workspace import Workspace


def available(level: str) -> isolation.Isolation:
    return isolation_or_skip(level)


@pytest.fixture
def private_probe(tmp_path, monkeypatch):
    """A probe cache of this test's own, and no memory of earlier probes in this process."""
    path = tmp_path / "probe.json"
    monkeypatch.setenv(probe.CACHE_ENV, str(path))
    monkeypatch.setattr(probe, "_memo", {})
    return path


# -- probe, cache and reasons ------------------------------------------------------------------

def test_the_probe_runs_once_and_is_cached(private_probe, monkeypatch):
    first = probe.probed()
    assert private_probe.is_file()
    stored = json.loads(private_probe.read_text())
    assert list(stored.values()) == [first]
    monkeypatch.setattr(probe, "_memo", {})
    monkeypatch.setattr(probe, "run", lambda: pytest.fail("probed again despite the cache"))
    assert probe.probed() == first


def test_the_cache_key_names_kernel_bwrap_and_python():
    key = json.loads(probe.cache_key())
    assert key["kernel"] == os.uname().release
    assert key["python"][0] == sys.executable
    assert key["bwrap"][0] == bwrap.find()


def test_a_disabled_layer_is_missing_with_the_reason(monkeypatch):
    monkeypatch.setenv(probe.DISABLE_ENV, "L3")
    assert isolation.missing_layers()["L3"] == f"disabled by ${probe.DISABLE_ENV}"
    with pytest.raises(isolation.IsolationUnavailable, match="L3 .*disabled by"):
        isolation.resolve("strong")
    assert isolation.resolve().level in ("standard", "basic")
    assert "L3" in isolation.resolve("basic").to_dict()["missing"]


@pytest.mark.parametrize("level,disabled", [("standard", "L2"), ("strong", "L3"), ("strong", "L2")])
def test_the_cli_fails_closed_with_exit_2_and_the_reason(cli, level, disabled):
    result = cli("check", "double", "--isolation", level, env={probe.DISABLE_ENV: disabled})
    assert result.returncode == 2
    assert f"isolation level '{level}' is not available here" in result.stderr
    assert f"{disabled} (" in result.stderr and "disabled by" in result.stderr


def test_reports_carry_the_level_and_each_missing_layer_with_its_reason(fixture_course, tmp_path, monkeypatch):
    monkeypatch.setenv(probe.DISABLE_ENV, "L3")
    workspace = Workspace(tmp_path / "ws", fixture_course)
    workspace.sync()
    report = grade(fixture_course, fixture_course.get("double"), workspace.root)
    assert report.isolation["level"] != "strong"
    assert report.isolation["missing"]["L3"] == f"disabled by ${probe.DISABLE_ENV}"


def test_doctor_lists_every_level_and_the_probe_cache(cli):
    result = cli("doctor", env={probe.DISABLE_ENV: "L3"})
    assert result.returncode == 0
    for word in ("basic", "standard", "strong", "L3: bubblewrap namespaces; missing: disabled by", "cached in"):
        assert word in result.stdout


def test_landlock_reasons_name_the_kernels_answer(monkeypatch):
    for code, reason in [(errno.ENOSYS, "Landlock: not supported by this kernel (ENOSYS)"),
                         (errno.EOPNOTSUPP, "Landlock: disabled at boot (EOPNOTSUPP")]:
        class FakeLibc:
            class syscall:
                restype = None

                def __new__(cls, *args):
                    ctypes.set_errno(code)
                    return -1

        monkeypatch.setattr(landlock, "_libc", FakeLibc)
        with pytest.raises(landlock.LandlockUnavailable) as caught:
            landlock.abi_version()
        assert caught.value.strerror.startswith(reason)


def test_an_unknown_architecture_leaves_l2_missing_with_the_reason(private_probe, monkeypatch):
    monkeypatch.setattr(seccomp, "_machine", lambda: "riscv64")
    result = probe.run()
    assert result["missing"]["L2"] == ("seccomp: no syscall table for the riscv64 architecture "
                                       "(x86_64 and aarch64 are supported)")


def test_bwraps_own_error_is_the_reason_l3_is_missing(private_probe, tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "bwrap"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    assert bwrap.find() == str(fake)
    result = probe.probed()
    assert result["missing"]["L3"] == "bwrap: setting up uid map: Permission denied"
    with pytest.raises(isolation.IsolationUnavailable, match="uid map: Permission denied"):
        isolation.resolve("strong")


def test_no_bwrap_is_a_reason_too(private_probe, monkeypatch):
    monkeypatch.setattr(bwrap, "find", lambda: None)
    assert probe.run()["missing"]["L3"].startswith("bwrap: not installed")


def test_the_seccomp_filter_checks_the_architecture_first():
    program = seccomp.build(own_pid=1234, machine="x86_64")
    first = [program[i:i + 8] for i in range(0, 24, 8)]
    assert first[0] == seccomp._insn(seccomp.LD_W_ABS, seccomp.OFF_ARCH)
    assert first[1] == seccomp._insn(seccomp.JEQ, 0xC000003E, jt=1)
    assert first[2] == seccomp._insn(seccomp.RET, seccomp.RET_KILL_PROCESS)
    assert len(seccomp.build(own_pid=1234, machine="aarch64")) % 8 == 0


# -- what L2 and L3 let a sandbox see ----------------------------------------------------------

def test_the_solutions_are_never_granted_nor_bound():
    protected = policy.protected_paths()
    assert str(REPO) in protected  # this checkout: solutions/ lies inside
    paths = policy.read_paths(list(policy.child_sys_path()), protected, gpu=False)
    for path in paths + policy.harness_paths():
        real = os.path.realpath(path)
        assert not (REPO / "solutions").resolve().as_posix().startswith(real.rstrip("/") + "/")
        assert real != str(REPO)
    assert not policy.allowed_grant(str(FIXTURE_COURSE), protected)
    assert not policy.allowed_grant("/", protected)


def test_a_target_install_folder_is_granted_entry_by_entry_around_its_course(tmp_path):
    """`pip install --target T` puts the packages and share/dltutor (the course) in one folder on
    the import path: the packages are granted one by one, the course never."""
    target = tmp_path / "target"
    (target / "numpylike").mkdir(parents=True)
    (target / "numpylike" / "__init__.py").write_text("")
    course = target / "share" / "dltutor"
    (course / "solutions").mkdir(parents=True)
    (course / "exercises").mkdir()
    (course / "exercises" / "course.toml").write_text("")
    (target / "share" / "other-data").mkdir()
    granted = policy.grants(str(target), [str(course.resolve())])
    assert str((target / "numpylike").resolve()) in granted
    assert str((target / "share" / "other-data").resolve()) in granted
    assert not any(g == str(course.resolve()) or g.startswith(str(course.resolve()) + "/") for g in granted)
    assert str(target.resolve()) not in granted and policy.grants("/", []) == []


def test_gpu_device_nodes_are_bound_and_granted(monkeypatch):
    from tutor import hardware

    gpu = hardware.Device("gpu", "Fake GPU", 16384, 2, (hardware.Gpu("Fake GPU", 16384, "550.1"),))
    monkeypatch.setattr(hardware, "detect", lambda: gpu)
    monkeypatch.setattr(glob, "glob", lambda pattern: {
        "/dev/nvidia*": ["/dev/nvidia0", "/dev/nvidiactl", "/dev/nvidia-uvm", "/dev/nvidia-caps"],
        "/dev/nvidia-caps/*": ["/dev/nvidia-caps/nvidia-cap1"]}.get(pattern, []))
    monkeypatch.setattr(policy.os.path, "isdir", lambda p: p == "/dev/nvidia-caps")
    devices = policy.gpu_devices()
    assert devices == ["/dev/nvidia-caps/nvidia-cap1", "/dev/nvidia-uvm", "/dev/nvidia0", "/dev/nvidiactl"]
    argv = bwrap.command(["python"], bwrap="bwrap", scratch="/tmp/s", read=["/usr/lib"], harness=[],
                         devices=devices, as_root=True)
    for device in devices:
        assert argv[argv.index(device) - 1] == "--dev-bind-try"
    assert policy.sysfs_paths(gpu=True) == ["/sys"]


def test_the_bwrap_command_unshares_everything_and_mounts_no_solutions():
    argv = bwrap.command(["python", "-I"], bwrap="bwrap", scratch="/tmp/dltutor-sandbox-x",
                         read=["/usr/lib", "/lib", "/opt/venv/lib/site-packages"],
                         harness=policy.harness_paths(), devices=[], as_root=True)
    for flag in ("--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--die-with-parent",
                 "--new-session"):
        assert flag in argv
    assert "--unshare-user" not in argv and "--unshare-all" not in argv  # as root: no uid map to root
    assert argv[-2:] == ["python", "-I"]
    sources = [argv[i + 1] for i, a in enumerate(argv) if a in ("--ro-bind-try", "--ro-bind", "--bind")]
    assert sources and not any(s.endswith("/solutions") or s == str(REPO) for s in sources)
    assert str(REPO / "tutor" / "sandbox") in sources  # the harness, bound on its own
    user = bwrap.command(["python"], bwrap="bwrap", scratch="/tmp/s", read=[], harness=[], devices=[],
                         as_root=False)
    assert "--unshare-all" in user and user[user.index("--cap-drop") + 1] == "ALL"


@pytest.mark.parametrize("level", ["standard", "strong"])
def test_a_confined_sandbox_confirms_its_layers(level):
    chosen = available(level)
    with Sandbox(Limits(), isolation=chosen) as sandbox:
        assert sandbox.died is None
        assert sandbox.confinement["landlock"]["abi"] >= 1
        assert sandbox.confinement["seccomp"]["arch"] in seccomp.ARCHES
        source = textwrap.dedent("""
            import os, socket
            def look():
                seen = {"pid": os.getpid(), "uid": os.getuid()}
                for name, attempt in [("home", lambda: os.listdir(os.path.expanduser("~"))),
                                      ("etc", lambda: open("/etc/hostname").read()),
                                      ("numpy", lambda: __import__("numpy").linalg.norm([3.0, 4.0]))]:
                    try:
                        seen[name] = str(attempt())
                    except OSError as exc:
                        seen[name] = type(exc).__name__
                return seen
        """)
        assert sandbox.load([{"name": "m", "filename": "m.py", "source": source}]).ok
        reply = sandbox.call("m", "look")
    assert reply.ok, reply
    seen = reply.value
    assert seen["numpy"] == "5.0"  # lazily imported numpy parts still load
    assert seen["home"] == "[]"  # HOME is the (empty) scratch directory
    assert seen["etc"] in ("PermissionError", "FileNotFoundError")
    if os.geteuid() == 0:
        assert seen["uid"] >= 1_500_000
    if level == "strong":
        assert seen["pid"] < 10  # its own PID namespace


def test_a_preload_that_fails_inside_the_layers_is_ungradable_with_the_reason():
    chosen = available("standard")
    sandbox = Sandbox(Limits(startup_s=60), preload=("tutor.sandbox.does_not_exist",), isolation=chosen)
    with sandbox:
        assert sandbox.died is not None and sandbox.died.status == "ungradable"
        assert "does_not_exist" in sandbox.died.reason


@pytest.mark.parametrize("level", ["standard", "strong"])
def test_the_warm_pool_runs_inside_the_same_layers(fixture_course, tmp_path, level):
    from tutor.sandbox.pool import WarmPool

    chosen = available(level)
    workspace = Workspace(tmp_path / "ws", fixture_course)
    workspace.sync()
    exercise = fixture_course.get("double")
    workspace.path_for(exercise).write_text("def double(x):\n    return 2 * x\n")
    pool = WarmPool(isolation=chosen)
    seen = []

    def acquire(limits):
        sandbox = pool.acquire(limits)
        seen.append((sandbox.isolation.level, dict(sandbox.confinement)))
        return sandbox

    try:
        pool.prewarm(limits_for(exercise))
        assert pool.wait_ready(limits_for(exercise))
        report = grade(fixture_course, exercise, workspace.root, isolation=chosen, sandbox_factory=acquire)
    finally:
        pool.close()
    assert report.status == "passed"
    assert report.isolation["level"] == level
    assert seen[0][0] == level and "landlock" in seen[0][1] and "seccomp" in seen[0][1]


def test_the_scratch_directory_is_the_only_place_to_write():
    chosen = available("standard")
    open_dir = tempfile.mkdtemp(prefix="dltutor-open-")  # anyone may write here: only Landlock stops it
    os.chmod(open_dir, 0o777)
    target = os.path.join(open_dir, "x")
    source = textwrap.dedent(f"""
        import os
        def write():
            with open("in-scratch.txt", "w") as f:
                f.write("ok")
            try:
                open({target!r}, "w").write("no")
                return "escaped"
            except OSError as exc:
                return type(exc).__name__ + " " + str(os.path.exists("in-scratch.txt"))
    """)
    try:
        with Sandbox(Limits(), isolation=chosen) as sandbox:
            assert sandbox.load([{"name": "m", "filename": "m.py", "source": source}]).ok
            reply = sandbox.call("m", "write")
        assert reply.value == "PermissionError True"
        assert not os.path.exists(target)
    finally:
        shutil.rmtree(open_dir, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.parametrize("level", ["standard", "strong"])
def test_a_small_keras_training_run_completes_inside_the_layers(level):
    chosen = available(level)
    source = textwrap.dedent("""
        import numpy as np
        import keras

        def train():
            keras.utils.set_random_seed(0)
            x = np.random.default_rng(0).normal(size=(200, 4)).astype("float32")
            y = (x.sum(axis=1) > 0).astype("float32")
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                                      keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            history = model.fit(x, y, epochs=2, batch_size=32, verbose=0)
            return [float(v) for v in history.history["loss"]]
    """)
    limits = Limits(timeout_s=240, memory_mb=6144, startup_s=60)
    with Sandbox(limits, isolation=chosen) as sandbox:
        loaded = sandbox.load([{"name": "train", "filename": "train.py", "source": source}])
        assert loaded.ok, (loaded, sandbox.stderr[-2000:])
        reply = sandbox.call("train", "train")
        assert reply.ok, (reply, sandbox.stderr[-2000:])
    losses = reply.value
    assert len(losses) == 2 and all(0 < loss < 5 for loss in losses)


def test_a_checkout_below_tmp_stays_traversable_inside_bwrap():
    # bwrap makes missing mount-point parents 0700; a checkout in /tmp (CI clones there) must be 0755
    argv = bwrap.command(["python"], bwrap="bwrap", scratch="/tmp/dltutor-sandbox-x", read=["/usr/lib"],
                         harness=["/tmp/clone/tutor/__init__.py", "/tmp/clone/tutor/sandbox"], devices=[],
                         as_root=True)
    pairs = list(zip(argv, argv[1:]))
    for parent in ("/tmp/clone", "/tmp/clone/tutor"):
        index = argv.index(parent)
        assert argv[index - 1] == "--dir" and argv[index - 3: index - 1] == ["--perms", "0755"]
    assert ("--dir", "/tmp") not in pairs and argv.index("--tmpfs") < argv.index("/tmp/clone")
