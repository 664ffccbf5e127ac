"""Trust, round 2: a hostile submission cannot pass, read what it must not, or break a class report.

Each attack is written as a hostile learner would: links to the reference, to a peer or to a
root-only file, text no reporter can write, a forged progress file, files left for the next
sandbox, a planted dataset cache. Each asserts the exact status, that nothing leaked into any
report, and that the grader stays healthy (the autouse fixture of ``test_sandbox_attacks`` is not
shared, so the class test checks the other students' verdicts itself).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from tests.support import FIXTURE_COURSE, SCHEMAS, Cli, isolation_or_skip
from tutor import dataset_cache, learner_files, safe_text
from tutor.course import load_course
from tutor.grading.grader import grade
from tutor.sandbox import isolation as isolation_mod
from tutor.workspace import Workspace

SECRET = "REFERENCE-SECRET-7731"
ROOT_ONLY = "ROOT-ONLY-SECRET-4410"
HONEST = "def double(x):\n    return x * 2\n"
SCHEMA = SCHEMAS / "junit.xsd"
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="the sandbox has a uid of its own only when the grader is root")


@pytest.fixture
def private_course(tmp_path) -> Path:
    """A copy of the fixture course whose reference carries a marker, readable by its owner only."""
    course = tmp_path / "private-course"
    shutil.copytree(FIXTURE_COURSE, course)
    solution = course / "solutions" / "double.py"
    solution.write_text(f"# {SECRET}\n" + solution.read_text())
    subprocess.run(["chmod", "-R", "go-rwx", str(course)], check=True)
    return course


@pytest.fixture
def root_only_file(tmp_path) -> Path:
    path = tmp_path / "root-only" / "secret.py"
    path.parent.mkdir()
    path.write_text(f"# {ROOT_ONLY}\ndef double(x):\n    return 2 * x\n")
    path.chmod(0o600)
    return path


@pytest.fixture
def world_readable(tmp_path):
    """A folder every user may read, as a shared machine's course folder would be (pytest's own
    temporary folders are private to their owner, which would hide what is being tested)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="dltutor-world-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def workspace(root: Path, course) -> Workspace:
    ws = Workspace(root, course)
    ws.sync()
    return ws


def levels():
    for name in ("basic", "standard", "strong"):
        yield pytest.param(name, id=name)


def level_or_skip(name: str):
    return isolation_or_skip(name)


# -- 1. one safe way to read a submission ------------------------------------------------------------
def test_the_safe_reader_refuses_links_special_files_and_oversized_or_undecodable_ones(tmp_path):
    root = tmp_path / "ws"
    (root / "basics").mkdir(parents=True)
    (root / "basics" / "ok.py").write_text(HONEST)
    os.symlink("/etc/passwd", root / "basics" / "link.py")
    os.symlink(root / "nowhere.py", root / "basics" / "dangling.py")
    os.symlink(root / "basics", root / "linked")
    os.mkfifo(root / "basics" / "pipe.py")
    (root / "basics" / "big.py").write_text("x = 1\n" * 300_000)
    (root / "basics" / "latin1.py").write_bytes(b"# caf\xe9\n")
    (root / "basics" / "blank.py").write_text("\n   \n")
    (root / "basics" / "twice.py").write_text(HONEST)
    os.link(root / "basics" / "twice.py", root / "basics" / "twin.py")
    read = learner_files.read_learner_file(root, "basics/ok.py")
    assert (read.name, read.text) == ("basics/ok.py", HONEST) and len(read.sha256) == 64
    expected = {"basics/link.py": "link", "basics/dangling.py": "link", "linked/ok.py": "link",
                "basics/pipe.py": "not_regular", "basics/big.py": "too_large", "basics/latin1.py": "not_utf8",
                "basics/blank.py": "empty", "basics/twin.py": "link", "basics/none.py": "missing",
                "nowhere/none.py": "missing"}
    for name, kind in expected.items():
        with pytest.raises(learner_files.LearnerFileProblem) as raised:
            learner_files.read_learner_file(root, name)
        assert raised.value.kind == kind, name
    with pytest.raises(learner_files.LearnerFileProblem) as raised:
        learner_files.read_learner_file(root, "basics/link.py")
    assert "symbolic link" in str(raised.value) and "copy of your own code" in str(raised.value)


@pytest.mark.parametrize("level_name", levels())
@pytest.mark.parametrize("target", ["reference", "peer", "root_only", "linked_folder"])
def test_a_linked_exercise_file_is_an_error_and_leaks_nothing(tmp_path, private_course, root_only_file,
                                                              level_name, target):
    level = level_or_skip(level_name)
    course = load_course(private_course)
    peer = workspace(tmp_path / "peer", course)
    peer.path_for(course.get("double")).write_text(HONEST + f"# PEER-{target}\n")
    ws = workspace(tmp_path / "ws", course)
    mine = ws.path_for(course.get("double"))
    mine.unlink()
    if target == "linked_folder":
        shutil.rmtree(mine.parent)
        os.symlink(peer.root / "basics", mine.parent)
    else:
        os.symlink({"reference": private_course / "solutions" / "double.py",
                    "peer": peer.path_for(course.get("double")), "root_only": root_only_file}[target], mine)
    report = grade(course, course.get("double"), ws.root, isolation=level)
    assert (report.status, report.score) == ("error", 0)
    assert "symbolic link" in report.message and "copy of your own code" in report.message
    everything = json.dumps(report.to_dict())
    for leak in (SECRET, ROOT_ONLY, f"PEER-{target}"):
        assert leak not in everything
    assert report.source_sha256 == ""


def test_an_earlier_exercise_used_through_a_link_is_an_error_too(tmp_path, private_course):
    course = load_course(private_course)
    ws = workspace(tmp_path / "ws", course)
    used = ws.path_for(course.get("double"))
    used.unlink()
    os.symlink(private_course / "solutions" / "double.py", used)
    ws.path_for(course.get("scale")).write_text((private_course / "solutions" / "scale.py").read_text())
    report = grade(course, course.get("scale"), ws.root)
    assert report.status == "error" and "symbolic link" in report.message
    assert "your double exercise, which scale uses" in report.message
    assert SECRET not in json.dumps(report.to_dict())


def test_the_sandbox_knows_the_file_only_by_its_name_in_the_workspace(tmp_path, fixture_course):
    ws = workspace(tmp_path / "deep" / "ws", fixture_course)
    ws.path_for(fixture_course.get("double")).write_text(
        "import os\ndef double(x):\n    raise ValueError(__file__ + ' in ' + os.getcwd())\n")
    report = grade(fixture_course, fixture_course.get("double"), ws.root)
    assert report.status == "error"
    assert "basics/double.py in" in report.checks[0].message
    assert str(tmp_path) not in json.dumps(report.to_dict())


# -- 2. a trust boundary for text -------------------------------------------------------------------
def test_text_is_made_safe_once_valid_unicode_no_controls_capped():
    raw = "ok\ud800 \x1b[31mred\x1b[0m bell\x07 nul\x00 cr\rlf\r\n \u202eevil tab\tend"
    shown = safe_text.clean(raw)
    assert shown == "ok\ufffd red bell\\x07 nul\\x00 cr\\x0dlf\n \\u202eevil tab\tend"
    shown.encode("utf-8")  # no lone surrogate left
    assert safe_text.clean("x" * 100, limit=10).startswith("x" * 10 + "\n… cut: 90")
    assert safe_text.clean_data({"k\x01": ["a\udcff", ("b\x1b",)]}) == {"k\\x01": ["a\ufffd", ("b\\x1b",)]}
    names = {safe_text.display_name(n) for n in ("bell\x07", "bell\\x07", "plain")}
    assert len(names) == 3 and "plain" in names


NOISY = textwrap.dedent('''
    import sys
    sys.stdout.write("clear\\x1b[2J nul\\x00 bell\\x07 bidi\\u202e\\n")
    sys.stdout.flush()
    sys.stdout.buffer.write(b"bad utf-8 \\xff\\xfe\\n")
    sys.stdout.flush()

    def double(x):
        raise ValueError("lone \\ud800 surrogate and \\x1b]0;title\\x07")
''')


def make_hostile_class(root: Path, course_dir: Path, root_only: Path) -> dict[str, str]:
    """A class with links, noisy output and hostile folder names; returns name → folder name."""
    folders = {"alice": "alice", "bob": "bob", "link_ref": "link_ref", "link_peer": "link_peer",
               "link_root": "link_root", "noisy": "noisy", "bell": "bell\x07name", "xml": "xml<&>\"'name",
               "escape": "esc\x1b[31mname"}
    course = load_course(course_dir)
    for key, folder in folders.items():
        ws = workspace(root / folder, course)
        double = ws.path_for(course.get("double"))
        source = {"bob": "def double(x):\n    return x\n", "noisy": NOISY}.get(key, HONEST)
        if key.startswith("link_"):
            double.unlink()
            os.symlink({"link_ref": course_dir / "solutions" / "double.py",
                        "link_peer": root / "alice" / "basics" / "double.py", "link_root": root_only}[key], double)
        else:
            double.write_text(source)
    subprocess.run(["chmod", "-R", "go-rwx", str(root)], check=True)
    return folders


def test_a_hostile_class_grades_to_one_correct_report_per_format(tmp_path, private_course, root_only_file):
    """Links to the reference, a peer and a root-only file, noisy output with invalid Unicode, and
    folder names with control and XML characters: every format is written, every honest verdict
    holds, nothing secret appears anywhere, and the exit code says "something failed" (1)."""
    import xml.etree.ElementTree as ET

    xmlschema = pytest.importorskip("xmlschema")
    klass = tmp_path / "class"
    make_hostile_class(klass, private_course, root_only_file)
    cli = Cli(tmp_path / "grader-ws", private_course)
    seed = "4242"
    outputs = {"json": tmp_path / "all.json", "junit": tmp_path / "all.xml", "gradescope": tmp_path / "gs"}
    for fmt, out in outputs.items():
        result = cli("--seed", seed, "grade", str(klass), "--exercise", "double", "--format", fmt,
                     "--output", str(out), "--jobs", "2", timeout=300)
        assert result.returncode == 1, (fmt, result.stderr[-2000:])
        assert "Traceback" not in result.stderr
    text = cli("merge", str(outputs["json"]), "--format", "text")
    assert text.returncode == 1
    records = {r["submission"]: r for r in json.loads(outputs["json"].read_text())}
    statuses = {name: r["status"] for name, r in records.items()}
    by_key = {"alice": "passed", "bob": "failed", "link_ref": "error", "link_peer": "error", "link_root": "error",
              "noisy": "error"}
    for key, status in by_key.items():
        assert statuses[key] == status, (key, statuses)
    hostile = [n for n in statuses if n not in by_key]
    assert len(hostile) == 3 and all(statuses[n] == "passed" for n in hostile), statuses
    assert all("\x07" not in n and "\x1b" not in n for n in hostile)
    assert any("<&>" in n for n in hostile)  # shown as it is: XML escaping is the writer's job
    noisy = records["noisy"]["exercises"][0]
    json.dumps(noisy, ensure_ascii=False).encode("utf-8")  # no lone surrogate survived
    assert "lone \ufffd surrogate" in noisy["checks"][0]["message"]
    assert "\\x07" in noisy["stdout"] and "\x1b" not in json.dumps(noisy, ensure_ascii=False)
    xmlschema.XMLSchema(SCHEMA).validate(str(outputs["junit"]))
    suites = ET.parse(outputs["junit"]).getroot()
    assert len(suites) == len(statuses)
    gradescope = sorted(p.parent.name for p in outputs["gradescope"].glob("*/results.json"))
    assert gradescope == sorted(statuses)
    written = [outputs["json"].read_text(), outputs["junit"].read_text(), text.stdout,
               *(p.read_text() for p in outputs["gradescope"].glob("*/results.json"))]
    for report in written:
        for leak in (SECRET, ROOT_ONLY):
            assert leak not in report
        assert "\x1b" not in report and "\x07" not in report and "\x00" not in report


def test_a_submission_whose_report_cannot_be_rendered_is_ungradable_alone():
    from tutor.batch import SubmissionResult, exit_code
    from tutor.grading.report import GradeReport
    from tutor.reporters.output import renderable

    good = SubmissionResult("good", "passed", 1, 1, (GradeReport("double", "passed", 1, 1),), seed=1)
    # a fault confined to one submission: data neither the text nor the JSON writer can take
    broken = SubmissionResult("broken", "failed", 0, 1, (GradeReport("double", "failed", 0, 1, training={"x": {1}}),))
    for fmt, breaks in (("text", True), ("json", True), ("junit", False), ("gradescope", False)):
        rendered = renderable([good, broken], fmt)
        assert rendered[0] is good
        if breaks:
            assert rendered[1].status == "ungradable" and "could not be written" in rendered[1].message, fmt
            assert exit_code(rendered) == 2
        else:
            assert rendered[1] is broken


def test_an_unhandled_dltutor_fault_exits_3_with_its_traceback(tmp_path):
    code = ("import sys; from tutor import cli; import tutor.commands.learner as learner\n"
            "def boom(session): raise RuntimeError('simulated bug')\n"
            "learner.list_exercises = boom\n"
            f"sys.exit(cli.main(['--workspace', {str(tmp_path / 'ws')!r}, '--course', {str(FIXTURE_COURSE)!r}, 'list']))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    assert "simulated bug" in result.stderr and "bug in dltutor" in result.stderr and "Traceback" in result.stderr


# -- 5. a fresh seed per grade run ------------------------------------------------------------------
def test_grade_draws_a_fresh_seed_check_keeps_the_default_and_seed_reproduces(cli):
    cli("list")
    cli.learner_file("basics/double.py").write_text(HONEST)
    seeds = [cli.json("grade", str(cli.workspace), "--format", "json")[1][0]["seed"] for _ in range(2)]
    assert seeds[0] != seeds[1]
    _, given = cli.json("--seed", "77", "grade", str(cli.workspace), "--format", "json")
    assert given[0]["seed"] == 77 and given[0]["exercises"][0]["seed"] == 77
    _, checked = cli.json("check", "double", "--json")
    assert checked["seed"] == 1234


# -- 6. no sandbox reads what it must not, at any level ---------------------------------------------
def test_grade_refuses_several_submissions_at_basic_unless_allowed(tmp_path, private_course):
    course = load_course(private_course)
    for name in ("a", "b"):
        workspace(tmp_path / "class" / name, course).path_for(course.get("double")).write_text(HONEST)
    cli = Cli(tmp_path / "grader", private_course)
    refused = cli("grade", str(tmp_path / "class"), "--isolation", "basic")
    assert refused.returncode == 2 and "--allow-basic" in refused.stderr and "[1/" not in refused.stderr
    if os.geteuid() == 0:
        allowed = cli("grade", str(tmp_path / "class"), "--isolation", "basic", "--allow-basic")
        assert allowed.returncode == 1, allowed.stderr  # scale is still the starter


def test_grade_refuses_when_a_basic_sandbox_could_read_the_solutions(tmp_path, world_readable):
    course_dir = world_readable / "pack"
    shutil.copytree(FIXTURE_COURSE, course_dir)
    subprocess.run(["chmod", "-R", "a+rX", str(course_dir)], check=True)
    cli = Cli(tmp_path / "ws", course_dir)
    cli("list")
    result = cli("grade", str(cli.workspace), "--isolation", "basic")
    assert result.returncode == 2
    assert "could read" in result.stderr and "solutions" in result.stderr and "chmod -R go-rwx" in result.stderr
    assert "[1/1]" not in result.stderr  # refused before any sandbox ran learner code


def test_grade_refuses_when_a_basic_sandbox_could_read_the_pretrained_weights(tmp_path, world_readable, monkeypatch):
    """The trainer's cache of pre-trained bases is proven unreadable too, when an exercise uses a base."""
    from tests.support import REPO
    from tutor.batch import pretrained_weights, prove_isolation
    from tutor.sandbox import reach
    from tutor.sandbox.isolation import IsolationUnavailable

    pack = tmp_path / "pack"
    for part in ("exercises", "solutions"):
        shutil.copytree(REPO / part, pack / part)
    subprocess.run(["chmod", "-R", "go-rwx", str(pack)], check=True)
    cache = world_readable / "cache" / "pretrained"
    cache.mkdir(parents=True)
    (cache / "digits-0123.npz").write_bytes(b"weights")
    subprocess.run(["chmod", "-R", "a+rX", str(world_readable)], check=True)
    monkeypatch.setenv("DLTUTOR_CACHE_DIR", str(world_readable / "cache"))
    course = load_course(pack)
    assert pretrained_weights(course, ["neuron", "batchnorm_cnn"]) == []  # no base: nothing to prove
    weights = pretrained_weights(course, ["transfer_learning"])
    assert cache / "digits-0123.npz" in weights
    basic = isolation_mod.resolve("basic")
    if os.geteuid() == 0:  # the basic probe runs as its own uid, which may read what every user may
        with pytest.raises(IsolationUnavailable, match="digits-0123.npz"):
            prove_isolation(course, [], ["transfer_learning"], basic, peers=False)
    for name in ("standard", "strong"):
        try:
            level = isolation_mod.resolve(name)
        except IsolationUnavailable:
            continue  # DLTUTOR_REQUIRE_LEVEL makes the other attack tests fail when none is there
        assert reach.reachable(weights, level) == []
    cache.chmod(0o700)  # as the trainer leaves it (pretrained._private)
    prove_isolation(course, [], ["transfer_learning"], basic, peers=False)


@pytest.mark.parametrize("level_name", ["standard", "strong"])
def test_the_probe_proves_confined_levels_cannot_read_a_world_readable_pack(world_readable, level_name):
    level = level_or_skip(level_name)
    from tutor.sandbox import reach

    course_dir = world_readable / "pack"
    shutil.copytree(FIXTURE_COURSE, course_dir)
    subprocess.run(["chmod", "-R", "a+rX", str(world_readable)], check=True)
    peer = world_readable / "peer" / "basics" / "double.py"
    peer.parent.mkdir(parents=True)
    peer.write_text(HONEST)
    secrets = reach.secrets_of(course_dir)
    assert course_dir / "solutions" / "double.py" in secrets
    assert reach.reachable(secrets + [peer], level) == []
    basic = isolation_mod.resolve("basic")
    if os.geteuid() == 0:  # the basic probe, as its own uid, reads what every user may
        assert str(course_dir / "solutions" / "double.py") in reach.reachable(secrets, basic)


@as_root
def test_files_a_basic_sandbox_leaves_in_shared_folders_are_removed(tmp_path, fixture_course):
    level = isolation_mod.resolve("basic")
    tag = uuid.uuid4().hex
    planted = [Path("/tmp") / f"dltutor-planted-{tag}", Path("/var/tmp") / f"dltutor-planted-{tag}"]
    if Path("/dev/shm").is_dir():
        planted.append(Path("/dev/shm") / f"dltutor-planted-{tag}")
    plant = "\n".join(f"open({str(p)!r}, 'w').write('for the next one')" for p in planted)
    ws = workspace(tmp_path / "ws", fixture_course)
    ws.path_for(fixture_course.get("double")).write_text(
        f"import os\nos.makedirs('/tmp/dltutor-dir-{tag}/inner')\n{plant}\n" + HONEST)
    assert grade(fixture_course, fixture_course.get("double"), ws.root, isolation=level).status == "passed"
    for path in planted + [Path(f"/tmp/dltutor-dir-{tag}")]:
        assert not path.exists(), path


def test_a_dataset_cache_someone_else_could_write_is_not_used(tmp_path, monkeypatch):
    home = tmp_path / "keras-home"
    (home / "datasets").mkdir(parents=True)
    (home / "datasets" / "mnist.npz").write_bytes(b"planted")
    monkeypatch.setenv("KERAS_HOME", str(home))
    (home / "datasets").chmod(0o755)
    assert dataset_cache.missing("mnist") is None
    (home / "datasets").chmod(0o777)
    why = dataset_cache.missing("mnist")
    assert why and "not used" in why and "others may write" in why
    with pytest.raises(FileNotFoundError):
        dataset_cache.locate("mnist")
    (home / "datasets").chmod(0o755)
    if os.geteuid() == 0:
        os.chown(home / "datasets" / "mnist.npz", 54321, 54321)
        assert "belongs to another user (uid 54321)" in dataset_cache.missing("mnist")
    (home / "datasets" / "mnist.npz").chmod(stat.S_IRUSR | stat.S_IWUSR)


# -- 7. the solution opens only for a pass this grader recorded ------------------------------------
def test_a_forged_progress_file_does_not_open_the_solution(cli):
    cli("list")
    progress = cli.workspace / ".dltutor" / "progress.json"
    progress.write_text(json.dumps({"format": 1, "exercises": {"double": {
        "status": "passed", "attempts": 1, "best_score": 3, "max_score": 3, "passed_at": 1700000000.0}}}))
    forged = cli("solution", "double")
    assert forged.returncode == 1 and "return 2 * x" not in forged.stdout
    assert "opens once your file passes" in forged.stderr
    cli.learner_file("basics/double.py").write_text(HONEST)
    assert cli("check", "double").returncode == 0
    assert "return 2 * x" in cli("solution", "double").stdout  # recorded for this very file
    cli.learner_file("basics/double.py").write_text("def double(x):\n    return x\n")
    assert cli("solution", "double").returncode == 1  # a changed file is checked again, and fails


def test_the_workspace_never_writes_or_backs_up_through_a_link(tmp_path, fixture_course, root_only_file):
    ws = workspace(tmp_path / "ws", fixture_course)
    double = ws.path_for(fixture_course.get("double"))
    double.unlink()
    os.symlink(root_only_file, double)
    backup = ws.reset(fixture_course.get("double"))
    assert backup is None  # nothing of the learner's to keep: the link's target is not copied
    assert not double.is_symlink() and "NotImplementedError" in double.read_text()
    assert ROOT_ONLY in root_only_file.read_text()  # the target is untouched
    fresh = tmp_path / "fresh"
    (fresh / ".dltutor").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.py"
    os.symlink(elsewhere, fresh / "basics")  # a dangling link where the chapter folder goes
    Workspace(fresh, fixture_course).sync()
    assert not elsewhere.exists()  # no starter was written through the link
