"""`dltutor new`: templates read as package data, a new pack started, nothing half-made left on failure."""

from __future__ import annotations

import shutil

import pytest

from tests.support import FIXTURE_COURSE, Cli
from tutor import scaffold


def test_a_failure_while_scaffolding_leaves_nothing_behind(tmp_path, monkeypatch):
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_COURSE, pack)
    manifest = (pack / "exercises" / "course.toml").read_text()
    real_write = scaffold.write_atomic

    def failing(path, data, mode=None):
        if path.name == "course.toml":
            raise OSError(28, "No space left on device")
        real_write(path, data, mode)

    monkeypatch.setattr(scaffold, "write_atomic", failing)
    with pytest.raises(OSError):
        scaffold.scaffold(pack, "halve")
    assert not (pack / "exercises" / "halve").exists() and not (pack / "solutions" / "halve.py").exists()
    assert not [p for p in (pack / "exercises").iterdir() if p.name.startswith(".halve")]
    assert (pack / "exercises" / "course.toml").read_text() == manifest


def test_new_into_an_empty_folder_starts_a_pack_that_loads(tmp_path):
    from tutor.course import load_course

    pack = tmp_path / "fresh-pack"
    result = Cli(tmp_path / "ws", None)("new", "batch_norm", "--course", str(pack), "--chapter", "foundations")
    assert result.returncode == 0, result.stderr
    course = load_course(pack)
    assert course.ids == ["batch_norm"] and course.get("batch_norm").chapter == "foundations"
    assert "$id" not in (pack / "solutions" / "batch_norm.py").read_text()
    assert (pack / "exercises" / "batch_norm" / "mutants" / "typical_mistake.py").is_file()


def test_new_refuses_a_folder_that_is_neither_a_pack_nor_empty(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x")
    result = Cli(tmp_path / "ws", None)("new", "batch_norm", "--course", str(tmp_path / "notes"))
    assert result.returncode == 2 and "not a course pack" in result.stderr
