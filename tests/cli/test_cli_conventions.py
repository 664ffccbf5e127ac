"""CLI conventions: help with exit codes, no app without a terminal, a quiet closed pipe, the umask,
shell completion, --json wherever a command reports, path:line:col, and the Keras extra's rule."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from tests.support import FIXTURE_COURSE


def dltutor(*args, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("timeout", 120)
    return subprocess.run([sys.executable, "-m", "tutor", *args], capture_output=True, text=True, **kwargs)


@pytest.mark.parametrize("command", [[], ["grade"], ["check"], ["gradescope", "build"]], ids=" ".join)
def test_help_lists_the_exit_codes(command):
    result = dltutor(*command, "--help")
    assert result.returncode == 0
    assert "exit codes" in result.stdout and "3    a fault of dltutor" in result.stdout


def test_bare_dltutor_without_a_terminal_prints_help_and_exits_2():
    result = dltutor(stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "usage: dltutor" in result.stderr and "needs a terminal" in result.stderr


def test_a_closed_pipe_ends_quietly(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "tutor", "--workspace", str(tmp_path / "ws"), "list"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before dltutor writes, as `dltutor list | head` leaves it
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_reports_and_progress_honour_the_umask(cli, tmp_path):
    cli("list")
    report = tmp_path / "report.json"
    command = (f"umask 027 && {sys.executable} -m tutor --workspace {cli.workspace} --course {cli.course} "
               f"grade {cli.workspace} --format json --output {report}; "
               f"{sys.executable} -m tutor --workspace {cli.workspace} --course {cli.course} check double")
    subprocess.run(["bash", "-c", command], capture_output=True, timeout=120)
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert stat.S_IMODE((cli.workspace / ".dltutor" / "progress.json").stat().st_mode) == 0o640


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_for_each_shell(shell):
    result = dltutor("completion", shell)
    assert result.returncode == 0 and "dltutor" in result.stdout and "_ARGCOMPLETE" in result.stdout


@pytest.mark.parametrize(("line", "expected"), [("dltutor gra", "grade"), ("dltutor check do", "double"),
                                                ("dltutor grade --form", "--format")])
def test_completion_completes_commands_options_and_exercise_ids(tmp_path, line, expected):
    out = tmp_path / "completions"
    env = {**os.environ, "_ARGCOMPLETE": "1", "COMP_LINE": line, "COMP_POINT": str(len(line)),
           "_ARGCOMPLETE_STDOUT_FILENAME": str(out), "DLTUTOR_COURSE": str(FIXTURE_COURSE)}
    subprocess.run([sys.executable, "-m", "tutor"], env=env, capture_output=True, timeout=60)
    assert expected in [word.strip() for word in out.read_text().split("\x0b")]


def test_doctor_validate_and_hint_speak_json(cli):
    code, facts = cli.json("doctor", "--json")
    assert code == 0 and facts["course"]["name"] and facts["isolation"]["level"] and "keras" in facts
    code, hint = cli.json("hint", "double", "--json")
    assert code == 0 and hint["shown"] == 1 and hint["hints"] and hint["exercise"] == "double"
    code, proof = cli.json("validate", "--json", "--exercise", "double")
    assert code == 0 and proof["ok"] and all(f["ok"] for f in proof["findings"])
    code, reset = cli.json("reset", "double", "--json")
    assert code == 0 and reset["file"].endswith("basics/double.py") and reset["backup"]
    pack = cli.workspace.parent / "pack"
    code, made = cli.json("new", "halve", "--course", str(pack), "--json")
    assert code == 0 and made["new_pack"] and any(f.endswith("solutions/halve.py") for f in made["files"])


def test_errors_name_their_place_as_path_line_col(cli):
    cli("list")
    cli.learner_file("basics/double.py").write_text("def double(x):\n    return (2 * x\n")
    result = cli("check", "double")
    assert result.returncode == 1
    assert f"{cli.workspace.resolve()}/basics/double.py:2:12:" in result.stdout
    linked = cli("check", "double", env={"DLTUTOR_HYPERLINKS": "1"})
    assert "\x1b]8;;file://" in linked.stdout and f"{cli.workspace.resolve()}/basics/double.py\x1b\\" in linked.stdout


def test_without_the_keras_extra_a_keras_exercise_is_skipped_in_check_but_ungradable_in_grade(tmp_path, monkeypatch,
                                                                                             real_course):
    from tutor import extras
    from tutor.grading.grader import grade
    from tutor.grading.report import SKIPPED, UNGRADABLE

    monkeypatch.setattr(extras, "missing_keras_packages", lambda: ("TensorFlow", "scikit-learn"))
    exercise = next(e for e in real_course.exercises if e.mode == "architecture")
    learner = grade(real_course, exercise, tmp_path)
    assert learner.status == SKIPPED and "pip install 'dltutor[keras]'" in learner.message
    assert all(c.status == SKIPPED for c in learner.checks) and learner.checks
    graded = grade(real_course, exercise, tmp_path, without_tensorflow=UNGRADABLE)
    assert graded.status == UNGRADABLE and graded.max_score > 0 and graded.score == 0
    numpy_exercise = real_course.get("neuron")
    assert extras.missing_for(numpy_exercise) is None
