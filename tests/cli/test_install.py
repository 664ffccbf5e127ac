"""Installs that fit: the wheel installed with --user, --prefix and --target finds its course and
runs new, list and check; a fresh venv with `pip install .` (no extras) grades a numpy exercise
and tells what a Keras exercise needs; the sdist carries what its own tests read.

These build and install real packages (pip reaches the package index; its cache makes reruns
quick), so they are marked slow. They run under a world-readable temporary folder: the sandbox
runs as a uid of its own when the grader is root, and must be able to import the installed numpy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest

from tests.support import REPO

pytestmark = pytest.mark.slow
BASE_PYTHON = getattr(sys, "_base_executable", sys.executable)
NEURON_REFERENCE = (REPO / "solutions" / "neuron.py").read_text()


def run(*command, env=None, cwd=None, timeout=600) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", **(env or {})})
    return done


@pytest.fixture(scope="module")
def scratch():
    folder = Path(tempfile.mkdtemp(prefix="dltutor-install-"))
    folder.chmod(0o755)  # the sandbox's own uid imports from here
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def wheel(scratch) -> Path:
    done = run(sys.executable, "-m", "build", "--wheel", "--outdir", scratch / "dist", REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    return next((scratch / "dist").glob("dltutor-*.whl"))


def install(*args, env=None) -> None:
    done = run(BASE_PYTHON, "-m", "pip", "install", "-q", *args, env=env)
    assert done.returncode == 0, done.stdout + done.stderr


def use(dltutor: Path, workspace: Path, env: dict) -> None:
    """new, list and check, as a learner and an instructor would, from this install."""
    listed = run(dltutor, "--workspace", workspace, "list", env=env, cwd=workspace.parent)
    assert listed.returncode == 0, listed.stderr
    assert "neuron" in listed.stdout
    (workspace / "foundations" / "neuron.py").write_text(NEURON_REFERENCE)
    checked = run(dltutor, "--workspace", workspace, "check", "neuron", env=env, cwd=workspace.parent)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "✔ passed" in checked.stdout
    refused = run(dltutor, "new", "batch_norm", env=env)  # never into the installed course
    assert refused.returncode == 2 and "--course" in refused.stderr
    pack = workspace.with_name(workspace.name + "-pack")
    made = run(dltutor, "new", "batch_norm", "--course", pack, env=env)
    assert made.returncode == 0, made.stderr
    assert "$id" not in (pack / "exercises" / "batch_norm" / "starter.py").read_text()
    assert not list(pack.rglob("*.pyc"))
    unfinished = run(dltutor, "--course", pack, "validate", env=env)
    assert unfinished.returncode == 1 and "TODO(author)" in unfinished.stdout


def test_a_user_install_finds_its_course_and_runs_new_list_and_check(scratch, wheel):
    env = {"PYTHONUSERBASE": str(scratch / "userbase")}
    install("--user", "--no-deps", wheel, env=env)
    install("--user", "numpy", "platformdirs", env=env)
    course = scratch / "userbase" / "share" / "dltutor" / "exercises" / "course.toml"
    assert course.is_file()
    use(scratch / "userbase" / "bin" / "dltutor", scratch / "user-ws", env)
    assert not (course.parent / "batch_norm").exists()


def test_a_prefix_install_finds_its_course_and_runs_new_list_and_check(scratch, wheel):
    prefix = scratch / "prefix"
    install("--prefix", prefix, "--no-deps", wheel)
    install("--prefix", prefix, "numpy", "platformdirs")
    site = next(prefix.glob("lib/python3*/site-packages"))
    use(prefix / "bin" / "dltutor", scratch / "prefix-ws", {"PYTHONPATH": str(site)})


def test_a_target_install_finds_its_course_and_checks_at_the_default_level(scratch, wheel):
    """The packages and the course share the --target folder: the sandbox is granted the packages
    one by one (policy.grants), never the course."""
    target = scratch / "target"
    install("--target", target, "--no-deps", wheel)
    install("--target", target, "numpy", "platformdirs", "tomli")
    env = {"PYTHONPATH": str(target)}
    workspace = scratch / "target-ws"
    done = run(BASE_PYTHON, "-m", "tutor", "--workspace", workspace, "doctor", "--json", env=env,
               cwd=scratch)  # not the checkout: `-m` would import the package from there
    assert done.returncode in (0, 1), done.stderr
    facts = json.loads(done.stdout)
    assert facts["course"]["root"] == str(target / "share" / "dltutor") and facts["course"]["exercises"] > 10
    assert run(BASE_PYTHON, "-m", "tutor", "--workspace", workspace, "list", env=env, cwd=workspace.parent).returncode == 0
    (workspace / "foundations" / "neuron.py").write_text(NEURON_REFERENCE)
    checked = run(BASE_PYTHON, "-m", "tutor", "--workspace", workspace, "check", "neuron", "--json", env=env,
                  cwd=scratch)
    report = json.loads(checked.stdout)
    assert checked.returncode == 0 and report["status"] == "passed", checked.stderr[-2000:]


def test_a_fresh_venv_without_extras_grades_numpy_and_names_the_keras_extra(scratch):
    venv = scratch / "core-venv"
    assert run(BASE_PYTHON, "-m", "venv", venv).returncode == 0
    done = run(venv / "bin" / "python", "-m", "pip", "install", "-q", REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    python, dltutor = venv / "bin" / "python", venv / "bin" / "dltutor"
    missing = run(python, "-c", "import importlib.util as u; print(u.find_spec('tensorflow'), u.find_spec('sklearn'))")
    assert missing.stdout.split() == ["None", "None"]
    workspace = scratch / "core-ws"
    use(dltutor, workspace, {})
    skipped = run(dltutor, "--workspace", workspace, "check", "iris_dense", cwd=scratch)
    assert skipped.returncode == 0 and "skipped" in skipped.stdout  # skipped for a learner, with the fix
    assert "pip install 'dltutor[keras]'" in skipped.stdout
    graded = run(dltutor, "grade", workspace, "--exercise", "neuron", "--exercise", "iris_dense", "--format", "json",
                 cwd=scratch)
    assert graded.returncode == 2, graded.stderr  # a class is never scored "nothing to grade"
    assert '"status": "ungradable"' in graded.stdout


def test_the_sdist_carries_what_its_own_tests_read_and_they_pass(scratch):
    done = run(sys.executable, "-m", "build", "--sdist", "--outdir", scratch / "sdist", REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    archive = next((scratch / "sdist").glob("dltutor-*.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(scratch / "sdist", filter="data")
    unpacked = next(p for p in (scratch / "sdist").iterdir() if p.is_dir())
    for needed in ("LICENSE", "README.md", "examples/github-actions/class-grading.yml", "examples/zizmor.yml",
                   "docs/instructor-guide.md", "tests/schemas/junit-strict.xsd", "tests/fixture_course",
                   "solutions/neuron.py", ".ci/run"):
        assert (unpacked / needed).exists(), needed
    tests = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/cli/test_ci_examples.py",
                "tests/cli/test_junit.py", "tests/cli/test_gradescope.py", cwd=unpacked)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
