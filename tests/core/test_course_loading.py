"""Malformed course files get an error naming the file and the field; good ones load completely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support import FIXTURE_COURSE
from tutor.course import CourseError, load_course


@pytest.fixture
def course_copy(tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_the_fixture_course_loads_in_order(fixture_course):
    assert fixture_course.ids == ["double", "scale"]
    assert fixture_course.get("scale").uses == ("double",)
    assert fixture_course.get("double").timeout_s == 3


def test_the_real_course_loads(real_course):
    assert real_course.ids[0] == "neuron"
    assert all(2 <= len(e.hints) <= 4 for e in real_course.exercises)


@pytest.mark.parametrize("old, new, field", [
    ('timeout_s = 3', 'timeout_s = "three"', "timeout_s"),
    ('timeout_s = 3', 'timeout_s = 3\ncolour = "red"', "colour"),
    ('title = "Double an array"\n', '', "title"),
    ('mode', 'mode', None),
])
def test_bad_exercise_metadata_names_file_and_field(course_copy, old, new, field):
    if field is None:
        edit(course_copy / "exercises/double/exercise.toml", 'timeout_s = 3', 'mode = "magic"')
        field = "mode"
    else:
        edit(course_copy / "exercises/double/exercise.toml", old, new)
    with pytest.raises(CourseError) as error:
        load_course(course_copy)
    assert "double/exercise.toml" in str(error.value)
    assert f"field '{field}'" in str(error.value)


def test_a_missing_starter_is_named(course_copy):
    (course_copy / "exercises/double/starter.py").unlink()
    with pytest.raises(CourseError, match=r"double/starter\.py: file not found"):
        load_course(course_copy)


def test_a_missing_solution_is_named(course_copy):
    (course_copy / "solutions/scale.py").unlink()
    with pytest.raises(CourseError, match=r"solutions/scale\.py: reference solution not found"):
        load_course(course_copy)


def test_a_duplicate_id_is_named(course_copy):
    edit(course_copy / "exercises/course.toml", '["double", "scale"]', '["double", "scale", "double"]')
    with pytest.raises(CourseError, match=r"course\.toml: field 'chapters\[0\]\.exercises\[2\]': duplicate"):
        load_course(course_copy)


def test_invalid_toml_is_named(course_copy):
    (course_copy / "exercises/double/exercise.toml").write_text("id = \n")
    with pytest.raises(CourseError, match=r"double/exercise\.toml: not valid TOML"):
        load_course(course_copy)


def test_a_missing_mutant_file_is_named(course_copy):
    (course_copy / "exercises/double/mutants/triple.py").unlink()
    with pytest.raises(CourseError, match=r"field 'mutants\[0\]\.file'"):
        load_course(course_copy)


def test_the_cli_reports_a_broken_course_with_exit_2(cli, course_copy):
    edit(course_copy / "exercises/double/exercise.toml", 'timeout_s = 3', 'timeout_s = -1')
    cli.course = course_copy
    result = cli("list")
    assert result.returncode == 2
    assert "exercise.toml: field 'timeout_s': must be positive" in result.stderr
    assert "Traceback" not in result.stderr


GOOD_TRAINING = '''
[training]
dataset = "iris"
target = 0.9
max_epochs = 10
max_params = 100
input_shape = [4]
outputs = 3
'''


@pytest.mark.parametrize("change, field", [
    (lambda t: t.replace("input_shape = [4]", "input_shape = [4, 0]"), "training.input_shape"),
    (lambda t: t.replace("max_epochs = 10", "max_epochs = 0"), "training.max_epochs"),
    (lambda t: t.replace("target = 0.9\n", 'target = 0.9\nmetric = "f1"\n'), "training.metric"),
    (lambda t: t.replace("outputs = 3\n", ""), "training.outputs"),
    (lambda t: "", "training"),  # an architecture exercise without its [training] table
])
def test_bad_training_tables_name_file_and_field(course_copy, change, field):
    meta = course_copy / "exercises/double/exercise.toml"
    meta.write_text(meta.read_text().replace('id = "double"', 'id = "double"\nmode = "architecture"')
                    + change(GOOD_TRAINING))
    with pytest.raises(CourseError) as error:
        load_course(course_copy)
    assert "double/exercise.toml" in str(error.value) and f"field '{field}'" in str(error.value)


def test_a_training_table_loads(course_copy):
    meta = course_copy / "exercises/double/exercise.toml"
    meta.write_text(meta.read_text() + GOOD_TRAINING)
    spec = load_course(course_copy).get("double").training
    assert spec.input_shape == (4,) and spec.higher_is_better and spec.meets(0.9) and not spec.meets(0.89)


def test_a_mutant_may_be_edits_of_its_solution(course_copy, tmp_path):
    """An edited mutant follows its reference: it loads, rebuilds, and is named when matched."""
    from tutor.grading.grader import grade
    from tutor.workspace import Workspace

    toml = course_copy / "exercises" / "double" / "exercise.toml"
    toml.write_text(toml.read_text() + '\n[[mutants]]\nname = "halved"\nmistake = "halving instead of doubling"\n'
                    'edits = [{replace = "2 * x", with = "x / 2"}]\n')
    course = load_course(course_copy)
    halved = course.get("double").mutants[1]
    assert (halved.name, halved.file) == ("halved", None)
    assert halved.source() == "def double(x):\n    return x / 2\n"
    assert halved.path.read_text() == halved.source() and oct(halved.path.parent.stat().st_mode)[-3:] == "700"
    workspace = Workspace(tmp_path / "ws", course)
    workspace.sync()
    workspace.path_for(course.get("double")).write_text("def double(x):\n    return 0.5 * x\n")
    report = grade(course, course.get("double"), workspace.root)
    assert report.status == "failed" and "halving instead of doubling" in report.checks[0].message


@pytest.mark.parametrize("declaration, field, words", [
    ('name = "m"\nmistake = "x"\nedits = [{replace = "3 * x", with = "x"}]', "mutants[1].edits[0].replace",
     "is not in the solution"),
    ('name = "m"\nmistake = "x"\nedits = [{replace = "x", with = "y"}]', "mutants[1].edits[0].replace",
     "occurs 2 times"),
    ('mistake = "x"\nedits = [{replace = "2 * x", with = "x"}]', "mutants[1].name", "needs a name"),
    ('name = "m"\nmistake = "x"\nfile = "mutants/triple.py"\nedits = [{replace = "2", with = "3"}]',
     "mutants[1].file", "either file"),
    ('name = "m"\nmistake = "x"\nedits = [{replace = "2 * x"}]', "mutants[1].edits[0]", "replace ="),
])
def test_a_bad_edit_mutant_names_the_file_and_field(course_copy, declaration, field, words):
    toml = course_copy / "exercises" / "double" / "exercise.toml"
    toml.write_text(toml.read_text() + "\n[[mutants]]\n" + declaration + "\n")
    with pytest.raises(CourseError) as raised:
        load_course(course_copy)
    assert f"field '{field}'" in str(raised.value) and words in str(raised.value)
    assert "double/exercise.toml" in str(raised.value)


def test_uses_are_followed_transitively_and_only_backwards(course_copy, real_course):
    assert real_course.uses_of(real_course.get("transformer_block"))[-1] == "multi_head_attention"
    assert set(real_course.uses_of(real_course.get("transformer_block"))) >= {"attention", "layernorm"}
    toml = course_copy / "exercises" / "double" / "exercise.toml"
    toml.write_text('uses = ["scale"]\n' + toml.read_text())
    with pytest.raises(CourseError) as raised:
        load_course(course_copy)
    assert "field 'uses[0]'" in str(raised.value) and "does not come before" in str(raised.value)
