"""Turns mutant files that are near-copies of their solution into edits of it, declared in exercise.toml.

    python scripts/mutants_as_edits.py [--course DIR] [--exercise ID ...] [--keep ID/FILE ...] [--write]

Without ``--write`` it only reports what it would do. A mutant becomes edits when its code, its
module docstring aside (a mutant file describes its mistake there), is the solution with a few
blocks replaced, each block found exactly once in the solution; the edits are checked to rebuild
the mutant before anything is written, and the mutant file is then removed. Run
``dltutor validate`` afterwards: every mutant must still fail with its message.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tutor.course import load_course
from tutor.mutants import apply_edits


def without_docstring(text: str) -> str:
    """``text`` without its module docstring (and the blank lines after it)."""
    tree = ast.parse(text)
    if tree.body and isinstance(tree.body[0], ast.Expr) and isinstance(getattr(tree.body[0], "value", None),
                                                                         ast.Constant) and isinstance(
            tree.body[0].value.value, str):
        lines = text.splitlines(keepends=True)
        return "".join(lines[tree.body[0].end_lineno:]).lstrip("\n")
    return text


def docstring_of(text: str) -> str:
    body = without_docstring(text)
    return text[: len(text) - len(body)]


def edits_for(solution: str, mutant: str, limit: int = 6) -> list[tuple[str, str]] | None:
    """Edits turning ``solution`` into ``mutant`` (its docstring replaced by the solution's), or None."""
    target = docstring_of(solution) + without_docstring(mutant)
    old_lines, new_lines = solution.splitlines(keepends=True), target.splitlines(keepends=True)
    opcodes = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
    hunks = [op for op in opcodes if op[0] != "equal"]
    if not hunks or len(hunks) > limit:
        return None

    def to_new(i: int) -> int:
        """The target line where solution line ``i`` (a boundary inside unchanged text) lands."""
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "equal" and i1 <= i <= i2:
                return j1 + (i - i1)
            if tag != "equal" and i == i1:
                return j1
            if tag != "equal" and i == i2:
                return j2
        return len(new_lines)

    def unique(lo: int, hi: int) -> bool:
        block = "".join(old_lines[lo:hi])
        return bool(block.strip()) and solution.count(block) == 1

    def context(i1: int, i2: int) -> tuple[int, int] | None:
        """The smallest block around lines [i1, i2) that occurs once: the fewest lines of context,
        above or below."""
        for extra in range(len(old_lines) + 1):
            for above in range(extra + 1):
                lo, hi = i1 - above, i2 + extra - above
                if lo >= 0 and hi <= len(old_lines) and unique(lo, hi):
                    return lo, hi
        return None

    spans: list[list[int]] = []  # [lo, hi): a changed block with enough context to be unique
    for _, i1, i2, _, _ in hunks:
        found = context(i1, i2)
        if found is None:
            return None
        lo, hi = found
        if spans and lo <= spans[-1][1]:  # touching or overlapping contexts: one edit for both
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    edits = [("".join(old_lines[lo:hi]), "".join(new_lines[to_new(lo):to_new(hi)])) for lo, hi in spans]
    try:
        return edits if apply_edits(solution, edits) == target else None
    except ValueError:
        return None


def toml_string(text: str) -> str:
    """A TOML multi-line literal string, or a basic one when the text holds ''' ."""
    if "'''" not in text:
        return "'''\n" + text + "'''" if text.startswith("\n") or "\n" in text else f"'''{text}'''"
    return '"""\n' + text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '"""'


def rewrite_toml(toml: str, file_name: str, name: str, edits: list[tuple[str, str]]) -> str:
    """``exercise.toml`` with the ``[[mutants]]`` table of ``file_name`` declaring ``edits`` instead."""
    pattern = re.compile(r'^file = "' + re.escape(file_name) + r'"\n', re.M)
    match = pattern.search(toml)
    if not match:
        raise ValueError(f"no mutant table with file = {file_name!r}")
    table_end = toml.find("\n[[", match.end())
    table_end = len(toml) if table_end < 0 else table_end + 1
    body = toml[match.end():table_end].rstrip("\n") + "\n"
    declared = "".join(f"[[mutants.edits]]\nreplace = {toml_string(old)}\nwith = {toml_string(new)}\n"
                       for old, new in edits)
    return toml[:match.start()] + f'name = "{name}"\n' + body + declared + "\n" + toml[table_end:].lstrip("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=REPO)
    parser.add_argument("--exercise", action="append")
    parser.add_argument("--keep", action="append", default=[], help="ID/FILE.py: leave this mutant a file")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    course = load_course(args.course)
    converted = kept = 0
    for exercise in course.exercises:
        if args.exercise and exercise.id not in args.exercise:
            continue
        solution = exercise.solution_path.read_text(encoding="utf-8")
        toml_path = exercise.folder / "exercise.toml"
        toml = toml_path.read_text(encoding="utf-8")
        baseline = exercise.training.baseline if exercise.training else ""
        for mutant in exercise.mutants:
            if mutant.file is None or str(mutant.file.relative_to(exercise.folder)) == baseline:
                continue  # a training baseline is trained from its file: it stays one
            if f"{exercise.id}/{mutant.file.name}" in args.keep:
                print(f"  kept   {exercise.id}/{mutant.file.name}: asked to")
                continue
            edits = edits_for(solution, mutant.file.read_text(encoding="utf-8"))
            if edits is None:
                kept += 1
                print(f"  kept   {exercise.id}/{mutant.file.name}: not a few edits of the solution")
                continue
            converted += 1
            lines = sum(len(o.splitlines()) + len(n.splitlines()) for o, n in edits)
            print(f"  edits  {exercise.id}/{mutant.file.name}: {len(edits)} edit(s), {lines} lines")
            if args.write:
                toml = rewrite_toml(toml, str(mutant.file.relative_to(exercise.folder)), mutant.name, edits)
        if args.write:
            toml_path.write_text(toml, encoding="utf-8")
            load_course(args.course)  # every edit still matches exactly once
            for mutant in exercise.mutants:
                if mutant.file is not None and f'name = "{mutant.name}"' in toml and \
                        f'file = "{mutant.file.relative_to(exercise.folder)}"' not in toml:
                    mutant.file.unlink()
    print(f"{converted} mutant(s) as edits, {kept} kept as files" + ("" if args.write else " (dry run)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
