"""`dltutor gradescope build`: the generated run_autograder, run in a root laid out as Gradescope
lays it out, writes a results.json for every kind of upload, broken ones included."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support import FIXTURE_COURSE, Cli

DOUBLE_OK = "def double(x):\n    return 2 * x\n"
SCALE_OFF = "from double import double\n\ndef scale(x, k):\n    return double(x) * k\n"


@pytest.fixture(scope="module")
def autograder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "autograder.zip"
    result = subprocess.run([sys.executable, "-m", "tutor", "--course", str(FIXTURE_COURSE), "gradescope", "build",
                             "--output", str(out), "--points", "10", "--visibility", "scale: *=hidden",
                             "--leaderboard"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return out


def gradescope_root(tmp_path: Path, autograder: Path) -> Path:
    """/autograder as Gradescope makes it: source/ (the zip unpacked), submission/, results/."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(autograder) as archive:
        archive.extractall(root / "source")
    for name in ("setup.sh", "run_autograder"):
        (root / "source" / name).chmod(0o755)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    return root


def run_autograder(root: Path, path: str | None = None) -> tuple[int, dict]:
    env = {**os.environ, "DLTUTOR_GRADESCOPE_ROOT": str(root),
           "PATH": path or f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=300)
    results = root / "results" / "results.json"
    assert results.is_file(), done.stdout + done.stderr
    return done.returncode, json.loads(results.read_text())


def checks_by_name(results: dict) -> dict:
    return {t["name"]: t for t in results["tests"]}


def test_the_zip_holds_setup_run_autograder_and_the_pack(autograder):
    with zipfile.ZipFile(autograder) as archive:
        names = set(archive.namelist())
        config = json.loads(archive.read("dltutor-autograder.json"))
        setup = archive.read("setup.sh").decode()
    assert {"setup.sh", "run_autograder", "course/exercises/course.toml", "course/solutions/double.py"} <= names
    assert not any("__pycache__" in n for n in names)
    assert config["points"] == 10 and config["exercises"] == ["double", "scale"] and config["leaderboard"]
    assert "pip install" in setup and "dltutor==" in setup and "[keras]" not in setup  # a numpy-only pack


@pytest.mark.parametrize("layout", ["flat", "chapter", "nested", "workspace"])
def test_an_upload_is_graded_however_it_was_made(tmp_path, autograder, layout):
    root = gradescope_root(tmp_path, autograder)
    upload = root / "submission"
    if layout == "workspace":
        cli = Cli(upload, FIXTURE_COURSE)
        assert cli("list").returncode == 0
        folder = upload / "basics"
    else:
        folder = {"flat": upload, "chapter": upload / "basics", "nested": upload / "my-repo-main" / "basics"}[layout]
        folder.mkdir(parents=True, exist_ok=True)
    (folder / "double.py").write_text(DOUBLE_OK)
    (folder / "scale.py").write_text(SCALE_OFF)
    code, results = run_autograder(root)
    assert code == 1  # scale fails: exit codes of docs/architecture.md, Invariants
    tests = checks_by_name(results)
    assert tests["double: doubles a vector"]["status"] == "passed"
    assert tests["scale: scales by k using your double()"]["status"] == "failed"
    assert "forgetting to halve" in tests["scale: scales by k using your double()"]["output"]
    # --points 10: double's 3 of 4 points are 7.5 of 10; scale's check is hidden
    assert results["score"] == pytest.approx(7.5) and results["extra_data"]["max_score"] == pytest.approx(10)
    assert tests["scale: scales by k using your double()"]["visibility"] == "hidden"
    assert "scale" not in results["output"]  # the summary line would give a hidden check away
    assert results["leaderboard"] == []  # no training exercise in this pack
    course = root / "source" / "course"
    for path in [course, *course.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path  # chmod -R go-rwx, first


def test_an_empty_or_unrelated_upload_still_gets_results(tmp_path, autograder):
    root = gradescope_root(tmp_path, autograder)
    (root / "submission" / "notes.txt").write_text("I could not do it\n")
    code, results = run_autograder(root)
    assert code == 2 and results["score"] == 0
    assert "no exercise file" in results["tests"][0]["output"]


def test_a_link_to_the_solution_is_the_learners_error_and_leaks_nothing(tmp_path, autograder):
    root = gradescope_root(tmp_path, autograder)
    solution = root / "source" / "course" / "solutions" / "double.py"
    (root / "submission" / "double.py").symlink_to(solution)
    code, results = run_autograder(root)
    assert code == 1 and results["score"] == 0
    double = checks_by_name(results)["double: doubles a vector"]
    assert double["status"] == "failed" and "link" in double["output"]
    assert solution.read_text().strip() not in json.dumps(results)


def test_a_broken_pack_becomes_a_failed_test_with_the_reason(tmp_path, autograder):
    root = gradescope_root(tmp_path, autograder)
    (root / "source" / "course" / "exercises" / "course.toml").write_text("not = [toml")
    (root / "submission" / "double.py").write_text(DOUBLE_OK)
    code, results = run_autograder(root)
    assert code == 2
    assert results["tests"][0]["status"] == "failed" and "course.toml" in results["tests"][0]["output"]


def test_when_dltutor_cannot_even_start_run_autograder_writes_the_results_itself(tmp_path, autograder):
    root = gradescope_root(tmp_path, autograder)
    stubs = tmp_path / "bin"
    stubs.mkdir()
    (stubs / "python3").write_text("#!/bin/sh\necho 'No module named tutor' >&2\nexit 1\n")
    (stubs / "python3").chmod(0o755)
    code, results = run_autograder(root, path=f"{stubs}:/usr/bin:/bin")
    assert code == 1 and results["score"] == 0
    assert results["tests"][0]["status"] == "failed" and "exit code 1" in results["tests"][0]["output"]


def test_grade_submission_grades_flat_files_in_any_ci(tmp_path):
    upload = tmp_path / "upload"
    upload.mkdir()
    (upload / "double.py").write_text(DOUBLE_OK)
    result = Cli(tmp_path / "ws", FIXTURE_COURSE)("grade", "--submission", str(upload), "--format", "json")
    assert result.returncode == 1, result.stderr  # scale.py missing: failed
    record = json.loads(result.stdout)[0]
    assert record["submission"] == "upload"
    assert [e["status"] for e in record["exercises"]] == ["passed", "failed"]  # a missing file: failed, 0 points
