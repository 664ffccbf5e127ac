"""Scaffolds a new exercise from the templates and registers it in the course manifest.

The files hold ``TODO(author)`` placeholders; `validate` reports every one left, so a scaffold
cannot ship unfinished. The templates are package data named ``*.tmpl`` (not ``.py``, which
pip would byte-compile, leaving ``.pyc`` files beside them), read through ``importlib.resources``
so a wheel install finds them too. Nothing half-made is left: every file is rendered in memory
first, written into a hidden staging folder, and moved into place; a failure removes it all.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from importlib.resources import files
from pathlib import Path
from string import Template

import tomllib

from tutor.atomic import current_umask, write_atomic

PLACEHOLDER = "TODO(author)"
# template → where it goes in the exercise folder ("solution" goes to solutions/<id>.py)
TEMPLATE_FILES = {
    "exercise.toml.tmpl": "exercise.toml", "lesson.md.tmpl": "lesson.md", "starter.py.tmpl": "starter.py",
    "checks.py.tmpl": "checks.py", "mutants/typical_mistake.py.tmpl": "mutants/typical_mistake.py",
    "solution.py.tmpl": "solution",
}
NEW_PACK = """# A dltutor course pack (see the instructor guide). Bump version when you publish changes.
format_version = 1
name = "{name}"
version = "0.1.0"
title = "{title}"

[[chapters]]
id = "{chapter}"
title = "{chapter_title}"
exercises = []
"""


class ScaffoldError(ValueError):
    """The exercise cannot be scaffolded; the message says why."""


def _template(name: str) -> str:
    template = files("tutor").joinpath("templates").joinpath("exercise")
    for part in name.split("/"):
        template = template.joinpath(part)
    return template.read_text(encoding="utf-8")


def start_pack(course_root: Path, chapter: str | None) -> Path:
    """Make ``course_root`` (new or empty) a course pack with one empty chapter; return its manifest."""
    course_root = Path(course_root)
    if course_root.exists() and any(course_root.iterdir()):
        raise ScaffoldError(f"{course_root} is not a course pack (no exercises/course.toml) and is not empty")
    chapter = chapter or "chapter1"
    if not chapter.isidentifier():
        raise ScaffoldError(f"chapter {chapter!r} is not a valid id (use a Python identifier, e.g. foundations)")
    (course_root / "exercises").mkdir(parents=True, exist_ok=True)
    (course_root / "solutions").mkdir(exist_ok=True)
    manifest = course_root / "exercises" / "course.toml"
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", course_root.resolve().name).strip("-") or "course"
    write_atomic(manifest, NEW_PACK.format(name=name, title=name.replace("-", " ").capitalize(), chapter=chapter,
                                           chapter_title=chapter.replace("_", " ").capitalize()))
    return manifest


def scaffold(course_root: Path, exercise_id: str, chapter: str | None = None, title: str | None = None) -> list[Path]:
    """Create exercises/ID/… and solutions/ID.py and add ID to ``chapter``; return the new files."""
    if not exercise_id.isidentifier() or exercise_id.startswith("_"):
        raise ScaffoldError(f"{exercise_id!r} is not a valid exercise id (use a Python identifier, e.g. batch_norm)")
    course_root = Path(course_root)
    manifest = course_root / "exercises" / "course.toml"
    folder = course_root / "exercises" / exercise_id
    solution = course_root / "solutions" / f"{exercise_id}.py"
    if folder.exists() or solution.exists():
        raise ScaffoldError(f"exercise {exercise_id!r} already exists in {course_root}")
    values = {"id": exercise_id, "title": title or exercise_id.replace("_", " ").capitalize()}
    new_manifest = add_to_chapter(manifest.read_text(encoding="utf-8"), chapter, exercise_id, manifest)
    rendered = {target: Template(_template(name)).substitute(values) for name, target in TEMPLATE_FILES.items()}
    staging = Path(tempfile.mkdtemp(prefix=f".{exercise_id}.new-", dir=folder.parent))
    made_solutions, moved = not solution.parent.exists(), False
    try:
        for target, text in rendered.items():
            if target != "solution":
                (staging / target).parent.mkdir(parents=True, exist_ok=True)
                write_atomic(staging / target, text)
        os.chmod(staging, 0o777 & ~current_umask())  # mkdtemp makes it 0700; the pack's other folders are not
        solution.parent.mkdir(exist_ok=True)
        write_atomic(solution, rendered["solution"])
        os.rename(staging, folder)
        moved = True
        write_atomic(manifest, new_manifest)
    except BaseException:
        shutil.rmtree(folder if moved else staging, ignore_errors=True)
        solution.unlink(missing_ok=True)
        if made_solutions:
            shutil.rmtree(solution.parent, ignore_errors=True)
        raise
    return [folder / t for t in rendered if t != "solution"] + [solution]


def add_to_chapter(text: str, chapter: str | None, exercise_id: str, path: Path) -> str:
    """The manifest text with ``exercise_id`` appended to the chapter's list (the last chapter by
    default); edited as text so the author's comments and layout survive, then re-parsed to prove it."""
    before = tomllib.loads(text)
    chapters = before.get("chapters", [])
    if not chapters:
        raise ScaffoldError(f"{path}: the course has no chapters to add {exercise_id!r} to")
    ids = [c.get("id") for c in chapters]
    chapter = chapter or ids[-1]
    if chapter not in ids:
        raise ScaffoldError(f"{path}: no chapter {chapter!r} (chapters: {', '.join(map(str, ids))})")
    starts = [m.start() for m in re.finditer(r"^\[\[chapters\]\]", text, flags=re.M)] + [len(text)]
    block_start, block_end = starts[ids.index(chapter)], starts[ids.index(chapter) + 1]
    block = text[block_start:block_end]
    listing = re.search(r"^exercises\s*=\s*\[(?P<items>[^\]]*)\]", block, flags=re.M)
    if not listing:
        raise ScaffoldError(f"{path}: cannot find chapter {chapter!r}'s exercises list to edit")
    items = listing.group("items").rstrip()
    separator = "" if not items.strip() else ("" if items.endswith(",") else ", ")
    edited = block[:listing.start("items")] + items + separator + f'"{exercise_id}"' + block[listing.end("items"):]
    result = text[:block_start] + edited + text[block_end:]
    after = tomllib.loads(result)
    expected = chapters[ids.index(chapter)]["exercises"] + [exercise_id]
    if after["chapters"][ids.index(chapter)]["exercises"] != expected:
        raise ScaffoldError(f"{path}: could not add {exercise_id!r} to chapter {chapter!r} safely; add it by hand")
    return result


def placeholders(paths) -> list[str]:
    """``file:line`` of every ``TODO(author)`` left in ``paths``."""
    found = []
    for path in paths:
        if not Path(path).is_file():
            continue
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if PLACEHOLDER in line:
                found.append(f"{Path(path).name}:{number}")
    return found
