"""The GitHub Actions examples stay true: valid YAML, and every dltutor command they run parses."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.conftest import REPO
from tutor.cli import build_parser

yaml = pytest.importorskip("yaml")
WORKFLOWS = sorted((REPO / "examples" / "github-actions").glob("*.yml"))


def dltutor_commands(workflow) -> list[list[str]]:
    commands = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            script = re.sub(r"\$\{\{[^}]*\}\}", "1", step.get("run", ""))
            for line in script.replace("\\\n", " ").splitlines():
                line = line.split("||")[0].strip()
                if line.startswith("dltutor"):
                    commands.append(shlex.split(line)[1:])
    return commands


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_commands_are_real_dltutor_commands(path):
    workflow = yaml.safe_load(path.read_text())
    commands = dltutor_commands(workflow)
    assert commands, f"{path.name} runs no dltutor command"
    parser = build_parser()
    for argv in commands:
        parser.parse_args(argv)  # exits (fails the test) on an unknown option


def test_learner_workflow_grades_uploads_junit_and_fails_on_failure():
    workflow = yaml.safe_load((REPO / "examples" / "github-actions" / "learner-feedback.yml").read_text())
    steps = workflow["jobs"]["grade"]["steps"]
    grade = next(s for s in steps if "dltutor grade" in s.get("run", ""))
    assert "--format junit" in grade["run"] and "||" not in grade["run"]  # its exit code fails the job
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "always()" and upload["with"]["path"] in grade["run"]
    assert any("pip install" in s.get("run", "") for s in steps)


def test_class_workflow_grades_every_shard_with_one_seed_drawn_once():
    workflow = yaml.safe_load((REPO / "examples" / "github-actions" / "class-grading.yml").read_text())
    draw = workflow["jobs"]["seed"]
    assert "secrets.randbelow" in draw["steps"][0]["run"] and "seed" in draw["outputs"]
    shard = workflow["jobs"]["shard"]
    assert shard["needs"] == "seed"
    grade = next(s["run"] for s in shard["steps"] if "dltutor" in s.get("run", "") and " grade " in s["run"])
    assert "--seed ${{ needs.seed.outputs.seed }}" in grade
