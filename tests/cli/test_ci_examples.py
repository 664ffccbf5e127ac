"""The GitHub Actions examples run as published: linted by actionlint and zizmor, on the Node 24
action majors, least privilege, and each step's exit code meaning what the README says."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import REPO
from tutor.cli import build_parser

yaml = pytest.importorskip("yaml")
EXAMPLES = REPO / "examples" / "github-actions"
WORKFLOWS = sorted(EXAMPLES.glob("*.yml"))
# The first major of each action that runs on Node 24 (Node 20 is deprecated on GitHub's runners).
NODE24_MAJORS = {"actions/checkout": 5, "actions/setup-python": 6, "actions/upload-artifact": 6,
                 "actions/download-artifact": 7}


def load(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / name).read_text())


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job["steps"]


def dltutor_commands(workflow) -> list[list[str]]:
    commands = []
    for step in steps(workflow):
        script = re.sub(r"\$\{\{[^}]*\}\}", "1", step.get("run", ""))
        script = re.sub(r'"[^"]*\$[A-Z_]+[^"]*"', "1", script)  # "$SEED", "shard-$SHARD.json"
        for line in script.replace("\\\n", " ").splitlines():
            line = line.split("||")[0].strip()
            if line.startswith("dltutor"):
                commands.append(shlex.split(line)[1:])
    return commands


def tool(name: str) -> str:
    """A linter from the test extra, next to this interpreter or on PATH."""
    found = shutil.which(name, path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if not found:
        pytest.skip(f"{name} is not installed (python -m pip install -e '.[test]' installs it)")
    return found


def test_actionlint_finds_nothing():
    result = subprocess.run([tool("actionlint"), "-no-color", *map(str, WORKFLOWS)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_offline_finds_nothing():
    result = subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--config",
                             str(REPO / "examples" / "zizmor.yml"), *map(str, WORKFLOWS)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_commands_are_real_dltutor_commands(path):
    workflow = yaml.safe_load(path.read_text())
    commands = dltutor_commands(workflow)
    assert commands, f"{path.name} runs no dltutor command"
    parser = build_parser()
    for argv in commands:
        parser.parse_args(argv)  # exits (fails the test) on an unknown option


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_uses_node24_majors_least_privilege_and_no_pip_cache(path):
    workflow = yaml.safe_load(path.read_text())
    assert "permissions" in workflow, "a workflow-level permissions: block (least privilege)"
    for job in workflow["jobs"].values():
        granted = job.get("permissions", workflow["permissions"])
        assert set((granted or {}).values()) <= {"read"}, f"{job} asks for more than read access"
    for step in steps(workflow):
        uses = step.get("uses", "")
        if not uses:
            continue
        action, _, ref = uses.partition("@")
        assert action in NODE24_MAJORS, f"{uses}: an action the test does not know"
        assert int(ref.lstrip("v").split(".")[0]) >= NODE24_MAJORS[action], f"{uses} still runs on Node 20"
        options = step.get("with", {})
        assert options.get("cache") != "pip", f"{uses}: cache: pip errors without a requirements file"
        if action == "actions/checkout":
            assert options.get("persist-credentials") is False, f"{uses} leaves its token in .git/config"
        if action == "actions/upload-artifact":
            assert step.get("if") == "always()", "reports are uploaded even when grading failed"


def test_learner_workflow_grades_uploads_junit_and_fails_on_failure():
    grade_steps = load("learner-feedback.yml")["jobs"]["grade"]["steps"]
    grade = next(s for s in grade_steps if "dltutor grade" in s.get("run", ""))
    assert "--format junit" in grade["run"] and "||" not in grade["run"]  # its exit code fails the job
    upload = next(s for s in grade_steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "always()" and upload["with"]["path"] in grade["run"]
    assert any("pip install" in s.get("run", "") for s in grade_steps)


def test_class_workflow_grades_every_shard_with_one_seed_drawn_once():
    workflow = load("class-grading.yml")
    draw = workflow["jobs"]["seed"]
    assert "secrets.randbelow" in draw["steps"][0]["run"] and "seed" in draw["outputs"]
    shard = workflow["jobs"]["shard"]
    assert shard["needs"] == "seed"
    assert shard["env"]["SEED"] == "${{ needs.seed.outputs.seed }}"  # via env: no template injection
    grade = next(s["run"] for s in shard["steps"] if "dltutor" in s.get("run", "") and " grade " in s["run"])
    assert '--seed "$SEED"' in grade


def test_class_workflow_merges_even_when_a_shard_failed():
    merge = load("class-grading.yml")["jobs"]["merge"]
    assert "shard" in merge["needs"] and merge["if"].startswith("always()")
    assert "$GITHUB_STEP_SUMMARY" in next(s["run"] for s in merge["steps"] if "dltutor merge" in s.get("run", ""))


def run_step(script: str, tmp_path: Path, dltutor_exit: int, shards: int = 4) -> int:
    """Run a workflow step's script in bash, as the runner does, with a stand-in `dltutor` that
    exits ``dltutor_exit`` and the shard files the merge job would have downloaded."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "dltutor"
    fake.write_text(f"#!/bin/sh\nexit {dltutor_exit}\n")
    fake.chmod(0o755)
    for number in range(1, shards + 1):
        (tmp_path / f"shard-{number}.json").write_text("[]")
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "SEED": "7", "SHARD": "1",
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    # GitHub runs `run:` with `bash -e {0}`, so a failing line ends the step.
    return subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, timeout=30).returncode


@pytest.mark.parametrize(("dltutor_exit", "step_ok"), [(0, True), (1, True), (2, False), (3, False)])
def test_class_steps_fail_on_ungradable_or_fault_but_not_on_a_failed_student(tmp_path, dltutor_exit, step_ok):
    workflow = load("class-grading.yml")
    grade = next(s["run"] for s in workflow["jobs"]["shard"]["steps"] if " grade " in s.get("run", ""))
    merge = next(s["run"] for s in workflow["jobs"]["merge"]["steps"] if "dltutor merge" in s.get("run", ""))
    assert (run_step(grade, tmp_path, dltutor_exit) == 0) is step_ok
    assert (run_step(merge, tmp_path, dltutor_exit) == 0) is step_ok


def test_class_merge_fails_when_a_shard_is_missing(tmp_path):
    workflow = load("class-grading.yml")
    merge = next(s["run"] for s in workflow["jobs"]["merge"]["steps"] if "dltutor merge" in s.get("run", ""))
    assert run_step(merge, tmp_path, 0, shards=3) == 2


def test_the_readme_quick_start_installs_and_launches_in_one_command_and_ci_runs_its_test_command():
    readme = (REPO / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    for line in ("git clone ", "python3 -m venv .venv", "pip install -e '.[keras]' && dltutor"):
        assert line in quick
    blocks = re.findall(r"```bash\n(.*?)```", quick, flags=re.S)
    test_command = next(b.strip() for b in blocks if "pytest" in b)
    ci = (REPO / ".ci" / "run").read_text()
    assert ci.split("# The README's test command:\n", 1)[1].strip() == test_command
    assert "export DLTUTOR_REQUIRE_LEVEL=standard" in ci
