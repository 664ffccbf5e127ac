"""Counts the course code an author maintains: non-blank, non-comment lines of each exercise's checks.py and mutants.

    python scripts/course_code_size.py [--course DIR] [--max-average N]

Prints the total, the average per exercise and the largest exercises; with ``--max-average`` it
exits 1 when the average is above N (the authoring API should absorb what exercises would copy).
Mutants declared as edits of their solution in exercise.toml count as the lines of those edits.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]


def code_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip() and not line.strip().startswith("#"))


def exercise_size(folder: Path) -> int:
    """checks.py, every file under mutants/, and the edit texts of mutants declared in exercise.toml."""
    size = code_lines((folder / "checks.py").read_text(encoding="utf-8")) if (folder / "checks.py").is_file() else 0
    for path in sorted((folder / "mutants").rglob("*.py")) if (folder / "mutants").is_dir() else []:
        size += code_lines(path.read_text(encoding="utf-8"))
    meta = tomllib.loads((folder / "exercise.toml").read_text(encoding="utf-8"))
    for mutant in meta.get("mutants", []):
        for edit in mutant.get("edits", []):
            size += code_lines(edit.get("replace", "")) + code_lines(edit.get("with", ""))
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=REPO)
    parser.add_argument("--max-average", type=float)
    args = parser.parse_args(argv)
    folders = sorted(p for p in (args.course / "exercises").iterdir() if (p / "exercise.toml").is_file())
    sizes = {folder.name: exercise_size(folder) for folder in folders}
    total = sum(sizes.values())
    average = total / max(1, len(sizes))
    print(f"{total} lines of checks and mutants in {len(sizes)} exercises: {average:.0f} per exercise")
    for name, size in sorted(sizes.items(), key=lambda item: -item[1])[:10]:
        print(f"  {size:5d}  {name}")
    if args.max_average is not None and average > args.max_average:
        print(f"more than {args.max_average:g} per exercise", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
