"""The CLI contract of docs/architecture.md, Invariants, run as a real subprocess."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.support import REPO

NEURON = "foundations/neuron.py"
REPORT_FIELDS = {"exercise", "status", "score", "max_score", "checks", "traceback", "stdout", "isolation",
                 "device", "seed", "duration_s", "versions"}


def test_list_json_follows_the_contract(real_cli):
    code, rows = real_cli.json("list", "--json")
    assert code == 0
    assert rows[0]["id"] == "neuron"
    assert set(rows[0]) == {"id", "title", "chapter", "file", "status"}
    assert rows[0]["status"] == "todo"
    assert rows[0]["file"] == str(real_cli.workspace.resolve() / NEURON)


def test_neuron_starter_fails_reference_passes_mutants_fail(real_cli, real_course):
    real_cli("list")
    code, report = real_cli.json("check", "neuron", "--json")
    assert code == 1 and report["status"] == "failed"
    assert REPORT_FIELDS <= set(report)
    assert report["isolation"]["level"] in ("basic", "standard", "strong") and report["seed"] == 1234

    shutil.copyfile(REPO / "solutions/neuron.py", real_cli.learner_file(NEURON))
    code, report = real_cli.json("check", "neuron", "--json")
    assert code == 0, report
    assert report["status"] == "passed" and report["score"] == report["max_score"] > 0

    for mutant in real_course.get("neuron").mutants:
        shutil.copyfile(mutant.path, real_cli.learner_file(NEURON))
        code, report = real_cli.json("check", "neuron", "--json")
        assert code == 1 and report["status"] != "passed"
        messages = " ".join(c["message"] for c in report["checks"])
        assert (mutant.expect or mutant.mistake) in messages, mutant.name

    code, rows = real_cli.json("list", "--json")
    assert rows[0]["status"] == report["status"]  # progress records the latest verdict


def test_text_report_uses_symbols_and_words(cli):
    result = cli("check", "double")
    assert result.returncode == 1
    assert "✘ failed" in result.stdout
    assert "\x1b[" not in result.stdout


def test_hint_reset_and_solution(cli):
    assert "Hint 1 of 2: Multiply by two." in cli("hint", "double").stdout
    second = cli("hint", "double").stdout
    assert "Hint 2 of 2" in second and "last hint" in second

    locked = cli("solution", "double")
    assert locked.returncode == 1 and "opens once your file passes" in locked.stderr

    cli.learner_file("basics/double.py").write_text("def double(x):\n    return x * 2\n")
    assert cli("check", "double").returncode == 0
    assert "return 2 * x" in cli("solution", "double").stdout

    reset = cli("reset", "double")
    assert reset.returncode == 0 and "previous file is kept" in reset.stdout
    assert "NotImplementedError" in cli.learner_file("basics/double.py").read_text()
    backups = list((cli.workspace / ".dltutor/backups").glob("double-*.py"))
    assert backups and "x * 2" in backups[0].read_text()


def test_unknown_exercise_is_a_usage_error(cli):
    result = cli("check", "nope")
    assert result.returncode == 2
    assert "no exercise 'nope'" in result.stderr


@pytest.mark.parametrize("level, disabled", [("standard", "L2"), ("strong", "L3"), ("paranoid", "")])
def test_isolation_fails_closed(cli, level, disabled):
    result = cli("check", "double", "--isolation", level, env={"DLTUTOR_DISABLE_LAYERS": disabled})
    assert result.returncode == 2
    assert "not available" in result.stderr or "unknown isolation level" in result.stderr


def test_grade_one_and_many_workspaces(cli, tmp_path):
    class_dir = tmp_path / "class"
    answers = {"alice": "return 2 * x", "bob": "return 3 * x", "carol": None}
    for name, body in answers.items():
        cli.workspace = class_dir / name
        cli("list")
        if body:
            cli.learner_file("basics/double.py").write_text(f"def double(x):\n    {body}\n")
            cli.learner_file("basics/scale.py").write_text(
                "from double import double\n\ndef scale(x, k):\n    return double(x) * k / 2\n")
    (class_dir / "not-a-workspace").mkdir()
    result = cli("grade", str(class_dir), "--format", "json", "--jobs", "2")
    records = {r["submission"]: r for r in json.loads(result.stdout)}
    assert result.returncode == 2  # one folder is not a workspace: ungradable
    assert records["alice"]["status"] == "passed" and records["alice"]["score"] == 4
    assert records["bob"]["status"] == "failed"  # scale uses bob's own (wrong) double
    assert [e["status"] for e in records["bob"]["exercises"]] == ["failed", "failed"]
    assert records["carol"]["status"] == "failed" and records["carol"]["score"] == 0
    assert records["not-a-workspace"]["status"] == "ungradable"
    assert "] alice: ✔ passed 4/4" in result.stderr  # per-submission progress

    only_alice = cli("grade", str(class_dir / "alice"), "--exercise", "double")
    assert only_alice.returncode == 0
    assert "alice" in only_alice.stdout and "✔ passed" in only_alice.stdout


def test_grade_does_not_touch_progress(cli):
    cli("list")
    progress = cli.workspace / ".dltutor" / "progress.json"
    assert not progress.exists()
    cli("grade", str(cli.workspace))
    assert not progress.exists()


def test_validate_passes_on_the_fixture_course(cli):
    result = cli("validate")
    assert result.returncode == 0, result.stdout
    assert "0 problem(s)" in result.stdout


def test_validate_reports_a_mutant_that_passes(cli, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(cli.course, course)
    (course / "exercises/double/mutants/triple.py").write_text("def double(x):\n    return x + x\n")
    cli.course = course
    result = cli("validate", "--exercise", "double")
    assert result.returncode == 1
    assert "✘ FAIL double" in result.stdout and "the mutant passes every check" in result.stdout


def test_doctor_explains_the_machine(cli):
    result = cli("doctor")
    assert result.returncode == 0
    for word in ("course", "workspace", "sandbox", "basic", "device"):
        assert word in result.stdout


def test_workspace_found_from_a_parent_folder(cli, tmp_path):
    import os
    import subprocess
    import sys

    cli("list")
    inner = cli.workspace / "basics"
    env = {k: v for k, v in os.environ.items() if k != "DLTUTOR_WORKSPACE"}
    result = subprocess.run([sys.executable, "-m", "tutor", "--course", str(cli.course), "list", "--json"],
                            capture_output=True, text=True, cwd=inner, env=env, timeout=60)
    assert json.loads(result.stdout)[0]["file"].startswith(str(cli.workspace.resolve()))


def test_a_mistyped_id_gets_a_did_you_mean(cli):
    result = cli("check", "dobule")
    assert result.returncode == 2 and "did you mean double?" in result.stderr
    assert "known:" not in result.stderr  # not a list of every exercise


def test_list_shows_each_exercise_file(cli):
    result = cli("list")
    assert result.returncode == 0
    line = next(row for row in result.stdout.splitlines() if " double " in row)
    assert "basics/double.py" in line and f"Your files are in {cli.workspace}" in result.stdout


def test_a_deleted_file_is_said_once_with_the_reset_command(cli):
    cli("list")
    cli.learner_file("basics/double.py").unlink()
    result = cli("check", "double")
    assert result.returncode == 1
    assert result.stdout.count("is missing") == 1 and "dltutor reset double" in result.stdout
    assert "not run: see above" in result.stdout
    assert "dltutor hint" not in result.stdout  # a hint cannot bring a file back
