"""Scaffolds a new exercise from the templates and registers it in the course manifest.

The files hold ``TODO(author)`` placeholders; `validate` reports every one left, so a scaffold
cannot ship unfinished.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from string import Template

from tutor.atomic import write_atomic

TEMPLATES = Path(__file__).parent / "templates" / "exercise"
PLACEHOLDER = "TODO(author)"


class ScaffoldError(ValueError):
    """The exercise cannot be scaffolded; the message says why."""


def scaffold(course_root: Path, exercise_id: str, chapter: str | None = None, title: str | None = None) -> list[Path]:
    """Create exercises/ID/… and solutions/ID.py and add ID to ``chapter``; return the new files."""
    if not exercise_id.isidentifier() or exercise_id.startswith("_"):
        raise ScaffoldError(f"{exercise_id!r} is not a valid exercise id (use a Python identifier, e.g. batch_norm)")
    manifest = course_root / "exercises" / "course.toml"
    folder = course_root / "exercises" / exercise_id
    solution = course_root / "solutions" / f"{exercise_id}.py"
    if folder.exists() or solution.exists():
        raise ScaffoldError(f"exercise {exercise_id!r} already exists in {course_root}")
    values = {"id": exercise_id, "title": title or exercise_id.replace("_", " ").capitalize()}
    new_manifest = add_to_chapter(manifest.read_text(encoding="utf-8"), chapter, exercise_id, manifest)
    created = []
    for template in sorted(TEMPLATES.rglob("*")):
        if template.is_dir():
            continue
        relative = template.relative_to(TEMPLATES)
        target = solution if relative.name == "solution.py" else folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template(template.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
        created.append(target)
    write_atomic(manifest, new_manifest)
    return created


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
