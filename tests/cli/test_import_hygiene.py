"""The core never imports Textual; the grader process never imports Textual, TensorFlow or scikit-learn."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support import FIXTURE_COURSE, REPO

HEAVY = ("textual", "tensorflow", "sklearn", "keras")
CORE_MODULES = sorted(
    ".".join(p.relative_to(REPO).with_suffix("").parts)
    for p in (REPO / "tutor").rglob("*.py")
    # app: the Textual app; helpers: trusted helper processes, which may import TensorFlow;
    # templates: scaffold files with $placeholders, not modules
    if p.relative_to(REPO / "tutor").parts[0] not in ("app", "helpers", "templates")
    and p.name not in ("__main__.py", "child.py")
)


def loaded_after(code: str) -> list[str]:
    probe = code + f"\nimport sys\nprint(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout.strip().splitlines()[-1])


def test_there_are_core_modules_to_check():
    assert "tutor.grading.grader" in CORE_MODULES and "tutor.cli" in CORE_MODULES


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_no_heavy_library(module):
    assert loaded_after(f"import {module}") == []


@pytest.mark.parametrize("argv", [["check", "double"], ["grade", "{ws}"], ["validate"], ["list"], ["doctor"]])
def test_the_grader_process_never_loads_heavy_libraries(tmp_path, argv):
    workspace = tmp_path / "ws"
    args = [a.replace("{ws}", str(workspace)) for a in argv]
    code = (
        "from tutor.cli import main\n"
        f"main(['--workspace', {str(workspace)!r}, '--course', {str(FIXTURE_COURSE)!r}, 'list'])\n"
        f"main(['--workspace', {str(workspace)!r}, '--course', {str(FIXTURE_COURSE)!r}, *{args!r}])"
    )
    assert loaded_after(code) == []


def test_grading_a_keras_exercise_loads_no_heavy_library_here(tmp_path):
    """Its reference and mutants import Keras: they must stay out of the grader process."""
    workspace = tmp_path / "ws"
    code = (
        "from tutor.cli import main\n"
        f"main(['--workspace', {str(workspace)!r}, 'list'])\n"
        f"main(['--workspace', {str(workspace)!r}, 'check', 'iris_dense'])"
    )
    assert loaded_after(code) == []


def test_a_numpy_check_loads_only_what_the_numpy_path_uses(tmp_path):
    """The check path's imports, bounded: past the standard library, numpy (the learner's values),
    platformdirs (the workspace) and tomli (Python 3.10's TOML); no app, no trusted helper."""
    workspace = tmp_path / "ws"
    code = (
        "import contextlib, io, sys\n"
        "before = set(sys.modules)\n"
        "from tutor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    main(['--workspace', {str(workspace)!r}, 'check', 'neuron'])\n"
        "new = {m for m in sys.modules if m not in before}\n"
        "print(sorted({m.split('.')[0] for m in new if not m.split('.')[0].startswith('_')}"
        " - set(sys.stdlib_module_names)))\n"
        "print(sorted(m for m in new if m.startswith(('tutor.app', 'tutor.helpers'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    packages, ours = (eval(line) for line in result.stdout.strip().splitlines()[-2:])
    assert set(packages) - {"tutor", "numpy", "platformdirs", "tomli", "cython_runtime"} == set(), packages
    assert ours == [] and "numpy" in packages  # numpy: the check did run
