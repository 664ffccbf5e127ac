"""Grading a whole class as CI does: statuses and scores per student, honest exit codes, JUnit
XML valid against the vendored schema, Gradescope results that add up, shards that merge back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support import FIXTURE_COURSE, SCHEMAS, Cli

SCHEMA_FILES = (SCHEMAS / "junit.xsd", SCHEMAS / "junit-strict.xsd")
SCALE_OK = "from double import double\n\ndef scale(x, k):\n    return double(x) * k / 2\n"
SCALE_OFF = "from double import double\n\ndef scale(x, k):\n    return double(x) * k\n"

# student → (double.py, scale.py); None deletes the file
CLASS = {
    "alice": ("def double(x):\n    return 2 * x\n", SCALE_OK),
    "bob": ("def double(x):\n    return x + x\n", SCALE_OFF),                       # partly wrong
    "carol": ("def double(x):\n    return 2 * x\n", "def scale(x, k):\n    return undefined_name\n"),
    "dave": ("def double(x):\n    while True:\n        pass\n", SCALE_OK),             # times out
    "erin": (None, SCALE_OK),                                                           # file missing
    "mallory": (  # prints a fake verdict, lies in __eq__, then exits "successfully" while imported
        "class Liar(float):\n    def __eq__(self, other):\n        return True\n"
        "print('{\"status\": \"passed\", \"score\": 3}')\n"
        "def double(x):\n    return Liar(0)\n",
        "import os\nprint('passed')\nos._exit(0)\n"),
}
# student → (status, score, per-exercise statuses); double is worth 3 points, scale 1
EXPECTED = {
    "alice": ("passed", 4, ["passed", "passed"]),
    "bob": ("failed", 3, ["passed", "failed"]),
    "carol": ("error", 3, ["passed", "error"]),
    "dave": ("timeout", 0, ["timeout", "timeout"]),
    "erin": ("error", 0, ["failed", "error"]),  # scale cannot import the missing double
    "mallory": ("error", 0, ["failed", "error"]),
}


def make_class(folder: Path) -> Path:
    for student, files in CLASS.items():
        cli = Cli(folder / student, FIXTURE_COURSE)
        assert cli("list").returncode == 0
        for relative, source in zip(("basics/double.py", "basics/scale.py"), files):
            target = cli.learner_file(relative)
            if source is None:
                target.unlink()
            else:
                target.write_text(source)
    return folder


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class graded once, as JSON, in parallel."""
    root = tmp_path_factory.mktemp("class")
    make_class(root / "class")
    (root / "class" / "zed-not-a-workspace").mkdir()
    cli = Cli(root / "grader-ws", FIXTURE_COURSE)
    out = root / "all.json"
    result = cli("grade", str(root / "class"), "--jobs", "2", "--format", "json", "--output", str(out),
                 timeout=300)
    return root, cli, result, json.loads(out.read_text())


def strip_timings(records):
    """Records without what differs from run to run: durations, and where a timed-out submission
    happened to be when its stack was dumped (best effort on a busy machine)."""
    import re

    for record in records:
        record.pop("duration_s", None)
        for exercise in record["exercises"]:
            exercise.pop("duration_s", None)
            exercise["message"] = re.sub(r": it was in .*", "", exercise["message"])
            for check in exercise["checks"]:
                check["message"] = re.sub(r": it was in .*", "", check["message"])
    return records


def test_each_student_gets_the_status_and_score_they_earned(graded):
    _, _, result, records = graded
    by_name = {r["submission"]: r for r in records}
    assert [r["submission"] for r in records] == sorted(by_name)
    for student, (status, score, exercise_statuses) in EXPECTED.items():
        record = by_name[student]
        assert (record["status"], record["score"], record["max_score"]) == (status, score, 4), student
        assert [e["status"] for e in record["exercises"]] == exercise_statuses, student
    assert by_name["zed-not-a-workspace"]["status"] == "ungradable"
    assert "not a dltutor workspace" in by_name["zed-not-a-workspace"]["message"]
    assert result.returncode == 2  # something was ungradable
    for student in CLASS:  # one progress line per submission on stderr
        assert f"] {student}: " in result.stderr


def test_every_result_records_seed_versions_device_isolation_and_durations(graded):
    _, _, result, records = graded
    seed = int(result.stderr.split("dltutor: seed ", 1)[1].split()[0])  # drawn fresh for this run
    for record in records:
        assert "duration_s" in record
        assert record["seed"] == seed
        for exercise in record["exercises"]:
            assert exercise["seed"] == seed
            assert exercise["versions"]["dltutor"] and exercise["versions"]["course"]
            assert exercise["device"]["kind"] in ("cpu", "gpu")
            assert exercise["isolation"]["level"] in ("basic", "standard", "strong")
            assert exercise["duration_s"] >= 0


def test_feedback_names_what_went_wrong(graded):
    _, _, _, records = graded
    by_name = {r["submission"]: {e["exercise"]: e for e in r["exercises"]} for r in records}
    assert "halve" in json.dumps(by_name["bob"]["scale"]["checks"])           # the known mistake
    assert "NameError" in by_name["carol"]["scale"]["checks"][0]["message"]
    assert "undefined_name" in by_name["carol"]["scale"]["traceback"]
    assert "time" in by_name["dave"]["double"]["message"].lower()
    assert "not found" in by_name["erin"]["double"]["message"] or "missing" in by_name["erin"]["double"]["message"]
    assert "exit" in json.dumps(by_name["mallory"]["scale"]).lower()


def test_exit_code_is_one_when_only_failures(tmp_path):
    make_class(tmp_path / "class")
    cli = Cli(tmp_path / "grader-ws", FIXTURE_COURSE)
    result = cli("grade", str(tmp_path / "class" / "alice"), str(tmp_path / "class" / "bob"), "--format", "junit")
    assert result.returncode == 1
    assert result.stdout.lstrip().startswith("<?xml")
    alone = cli("grade", str(tmp_path / "class" / "alice"), "--exercise", "double")
    assert alone.returncode == 0


def test_junit_validates_against_the_schema_and_counts_add_up(graded, tmp_path):
    xmlschema = pytest.importorskip("xmlschema")
    root, cli, _, _ = graded
    out = tmp_path / "report.xml"
    result = cli("merge", str(root / "all.json"), "--format", "junit", "--output", str(out))
    assert result.returncode == 2
    for schema in SCHEMA_FILES:  # Jenkins' junit-10 shape and the strict windyroad shape
        xmlschema.XMLSchema(schema).validate(str(out))

    import xml.etree.ElementTree as ET

    suites = {s.get("name"): s for s in ET.parse(out).getroot()}
    bob_scale = suites["bob/scale"]
    assert bob_scale.get("failures") == "1" and bob_scale.get("tests") == "1"
    assert "halve" in bob_scale.find("testcase/failure").get("message")
    dave = suites["dave/double"]
    assert int(dave.get("errors")) == 2
    assert dave.find("testcase/error").get("type") == "timeout"
    carol_error = suites["carol/scale"].find("testcase/error")
    assert carol_error.get("type") == "error" and "undefined_name" in carol_error.text
    props = {p.get("name"): p.get("value") for p in suites["alice/double"].find("properties")}
    seed = str(json.loads((root / "all.json").read_text())[0]["seed"])
    assert props["alice/double.seed"] == seed and props["alice/double.status"] == "passed"
    assert props["alice/double.isolation"]
    assert suites["zed-not-a-workspace"].find("testcase/error") is not None


SUMMARY_CLASS = {  # student → (double.py, scale.py)
    "ann": ("def double(x):\n    return 3 * x\n", SCALE_OK),    # the known mistake of double
    "ben": ("def double(x):\n    return x * 3\n", SCALE_OK),    # the same mistake, written otherwise
    "cat": ("def double(x):\n    return 2 * x\n", SCALE_OFF),   # the known mistake of scale
    "dan": ("def double(x):\n    return 2 * x\n", SCALE_OK),
}


def test_the_class_summary_counts_passes_and_known_mistakes(tmp_path):
    for student, files in SUMMARY_CLASS.items():
        folder = tmp_path / "class" / student / "basics"  # uploaded chapter folders, no .dltutor/
        folder.mkdir(parents=True)
        for name, source in zip(("double.py", "scale.py"), files):
            (folder / name).write_text(source)
    cli = Cli(tmp_path / "grader-ws", FIXTURE_COURSE)
    markdown, as_json = tmp_path / "summary.md", tmp_path / "summary.json"
    markdown.write_text("earlier step\n")
    result = cli("grade", str(tmp_path / "class"), "--jobs", "2", "--summary", str(markdown), timeout=300)
    assert result.returncode == 1, result.stderr
    assert "== class summary: 1 of 4 submission(s) passed everything ==" in result.stdout
    assert "multiplying by three instead of two: 2 of 4" in result.stdout
    assert "forgetting to halve: 1 of 4" in result.stdout
    cli("grade", str(tmp_path / "class"), "--jobs", "2", "--format", "junit", "--output", str(tmp_path / "r.xml"),
        "--summary", str(as_json), timeout=300)
    summary = json.loads(as_json.read_text())
    by_id = {e["exercise"]: e for e in summary["exercises"]}
    assert (summary["submissions"], summary["passed"]) == (4, 1)
    assert by_id["double"]["passed"] == 2 and by_id["double"]["statuses"] == {"passed": 2, "failed": 2}
    assert by_id["double"]["mistakes"] == [{"mistake": "multiplying by three instead of two", "count": 2}]
    assert by_id["scale"]["passed"] == 1
    assert by_id["scale"]["mistakes"] == [{"mistake": "forgetting to halve", "count": 1}]
    text = markdown.read_text()
    assert text.startswith("earlier step\n## dltutor: class summary")  # appended, as $GITHUB_STEP_SUMMARY wants
    assert "| double | 2 of 4 | 2 failed | multiplying by three instead of two: 2 of 4 |" in text


def test_gradescope_results_have_the_fields_and_consistent_totals(graded, tmp_path):
    root, cli, _, records = graded
    out = tmp_path / "gradescope"
    cli("merge", str(root / "all.json"), "--format", "gradescope", "--output", str(out))
    by_name = {r["submission"]: r for r in records}
    for student in CLASS:
        results = json.loads((out / student / "results.json").read_text())
        assert {"score", "execution_time", "output", "tests"} <= set(results)
        for test in results["tests"]:
            assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
            assert test["status"] in ("passed", "failed")
            assert 0 <= test["score"] <= test["max_score"]
        assert results["score"] == sum(t["score"] for t in results["tests"]) == by_name[student]["score"]
        assert sum(t["max_score"] for t in results["tests"]) == by_name[student]["max_score"]
    dave = json.loads((out / "dave" / "results.json").read_text())
    assert all(t["status"] == "failed" and t["output"].startswith("timeout") for t in dave["tests"])
    single = tmp_path / "one.json"
    alice_only = tmp_path / "alice.json"
    alice_only.write_text(json.dumps([by_name["alice"]]))
    cli("merge", str(alice_only), "--format", "gradescope", "--output", str(single))
    assert json.loads(single.read_text())["score"] == 4


def test_shards_merge_back_into_the_unsharded_result(graded, tmp_path):
    root, cli, _, records = graded
    seed = str(records[0]["seed"])  # the class workflow draws one seed and gives it to every shard
    shard_files = []
    for index in (1, 2):
        path = tmp_path / f"shard{index}.json"
        result = cli("--seed", seed, "grade", str(root / "class"), "--shard", f"{index}/2", "--jobs", "2",
                     "--format", "json", "--output", str(path), timeout=300)
        assert result.returncode in (1, 2)
        shard_files.append(path)
    names = [{r["submission"] for r in json.loads(p.read_text())} for p in shard_files]
    assert not names[0] & names[1] and len(names[0]) == 4 and len(names[1]) == 3
    merged = tmp_path / "merged.json"
    result = cli("merge", *map(str, shard_files), "--format", "json", "--output", str(merged))
    assert result.returncode == 2
    assert strip_timings(json.loads(merged.read_text())) == strip_timings(records)


def test_merge_refuses_shards_graded_with_different_seeds(graded, tmp_path):
    root, cli, _, records = graded
    other = tmp_path / "other-seed.json"
    result = cli("--seed", str(records[0]["seed"] + 1), "grade", str(root / "class"), "--shard", "2/2",
                 "--format", "json", "--output", str(other), timeout=300)
    assert result.returncode in (1, 2)
    first = tmp_path / "first.json"
    first.write_text(json.dumps([r for r in records if r["submission"] == "alice"]))
    merged = cli("merge", str(first), str(other), "--format", "json")
    assert merged.returncode == 2
    assert "seed" in merged.stderr and "same --seed" in merged.stderr and not merged.stdout


def test_bad_shard_and_merge_inputs_are_usage_errors(cli, tmp_path):
    cli("list")
    bad_shard = cli("grade", str(cli.workspace), "--shard", "3/2")
    assert bad_shard.returncode == 2 and "--shard" in bad_shard.stderr
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    bad_merge = cli("merge", str(junk))
    assert bad_merge.returncode == 2 and "junk.json" in bad_merge.stderr
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps([{"submission": "a", "status": "passed", "score": 1, "max_score": 1,
                                  "exercises": []}]))
    dup = cli("merge", str(twice), str(twice))
    assert dup.returncode == 2 and "appears in both" in dup.stderr


def test_new_then_fill_in_then_validate(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_COURSE, pack)
    cli = Cli(tmp_path / "ws", pack)
    created = cli("new", "halve", "--title", "Halve an array")
    assert created.returncode == 0, created.stderr
    unfinished = cli("validate", "--exercise", "halve")
    assert unfinished.returncode == 1 and "TODO(author)" in unfinished.stdout

    folder = pack / "exercises" / "halve"
    meta = (folder / "exercise.toml").read_text()
    meta = meta.replace("TODO(author): one line on what the learner builds", "x / 2")
    meta = meta.replace("TODO(author): a gentle nudge towards the idea", "Divide.")
    meta = meta.replace("TODO(author): a specific hint (the formula, the numpy call, the shape to aim for)",
                        "return x / 2")
    meta = meta.replace("TODO(author): name the typical mistake this mutant makes, in the learner's words",
                        "multiplying by two instead of dividing")
    (folder / "exercise.toml").write_text(meta)
    (folder / "lesson.md").write_text("# Halve\n\nDivide every element by two: 4 → 2.\n")
    (folder / "starter.py").write_text('def halve(x):\n    """Return x / 2."""\n    # TODO: your code\n'
                                       '    raise NotImplementedError\n')
    checks = (folder / "checks.py").read_text().replace("TODO(author)", "Author note")
    (folder / "checks.py").write_text(checks)
    (folder / "mutants" / "typical_mistake.py").write_text("def halve(x):\n    return x * 2\n")
    (pack / "solutions" / "halve.py").write_text("def halve(x):\n    return x / 2\n")
    finished = cli("validate", "--exercise", "halve")
    assert finished.returncode == 0, finished.stdout
    assert cli("list").returncode == 0
    assert (cli.workspace / "basics" / "halve.py").exists()


def test_validate_names_the_broken_file_of_an_outside_pack(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_COURSE, pack)
    (pack / "exercises" / "scale" / "exercise.toml").write_text('id = "scale"\ntitle = 3\n')
    result = Cli(tmp_path / "ws", None)("validate", "--course", str(pack))
    assert result.returncode == 2
    assert "scale/exercise.toml" in result.stderr and "title" in result.stderr
