"""An exercise's mutants (typical mistakes that must fail): files of their own, or edits of the reference solution.

A mutant declared as edits follows its reference: fix the reference and every mutant has the
fix, with only the mistake left different. In ``exercise.toml``::

    [[mutants]]
    name = "bias_subtracted"
    mistake = "the bias is subtracted (x·w − b) instead of added"
    edits = [{replace = "x @ w + b", with = "x @ w - b"}]

Each ``replace`` must occur exactly once in the text it applies to (the solution, with the edits
before it applied), so an edit cannot silently stop matching when the reference changes. The
grader and ``validate`` need a mutant as a file (to import it, or to grade it as a learner's
file): ``Mutant.path`` writes an edited one on first use into a folder private to this process.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}$")
_folder: list[Path] = []
_lock = threading.Lock()


class MutantError(ValueError):
    """A mutant's declaration is unusable; ``field`` names the part of it (for ``CourseError``)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Mutant:
    file: Path | None  # a file of its own, or None when it is ``edits`` of ``solution``
    mistake: str
    expect: str
    label: str = ""
    edits: tuple[tuple[str, str], ...] = ()
    solution: Path | None = None

    @property
    def name(self) -> str:
        return self.label or (self.file.stem if self.file else "mutant")

    def source(self) -> str:
        """The mutant's code."""
        if self.file is not None:
            return self.file.read_text(encoding="utf-8")
        assert self.solution is not None  # declared() gives every edited mutant its solution
        return apply_edits(self.solution.read_text(encoding="utf-8"), self.edits)

    @property
    def path(self) -> Path:
        """A file holding the mutant's code (for an edited one, written on first use)."""
        return self.file if self.file is not None else _materialize(self)


def apply_edits(text: str, edits, field: str = "edits") -> str:
    """``text`` with each (replace, with) applied in order; ``MutantError`` unless each matches once."""
    for number, (old, new) in enumerate(edits):
        count = text.count(old)
        if count != 1:
            found = "is not in" if count == 0 else f"occurs {count} times in"
            raise MutantError(f"{field}[{number}].replace",
                              f"{old.strip()[:60]!r} {found} the solution (an edit must match exactly once)")
        text = text.replace(old, new, 1)
    return text


def declared(folder: Path, solution: Path, index: int, data: dict) -> Mutant:
    """The mutant of one ``[[mutants]]`` table (already checked for known keys and types)."""
    where = f"mutants[{index}]."
    file, edits, label = data.get("file") or "", data.get("edits") or [], data.get("name") or ""
    if bool(file) == bool(edits):
        raise MutantError(where + "file", "give either file (a mutant of its own) or edits (of the solution)")
    if label and not NAME.match(label):
        raise MutantError(where + "name", f"must be a short identifier, not {label!r}")
    if file:
        path = folder / file
        if not path.is_file():
            raise MutantError(where + "file", f"file {file!r} not found")
        return Mutant(path, data["mistake"], data.get("expect", ""), label)
    if not label:
        raise MutantError(where + "name", "a mutant made of edits needs a name")
    pairs = []
    for number, edit in enumerate(edits):
        if not isinstance(edit, dict) or set(edit) != {"replace", "with"} or not all(
                isinstance(v, str) for v in edit.values()) or not edit["replace"]:
            raise MutantError(f"{where}edits[{number}]", 'expected a table {replace = "…", with = "…"}')
        pairs.append((edit["replace"], edit["with"]))
    apply_edits(solution.read_text(encoding="utf-8"), pairs, where + "edits")  # fails now, naming the edit
    return Mutant(None, data["mistake"], data.get("expect", ""), label, tuple(pairs), solution)


def _materialize(mutant: Mutant) -> Path:
    source = mutant.source()
    digest = hashlib.sha256(f"{mutant.solution}\0{source}".encode()).hexdigest()[:16]
    with _lock:
        if not _folder:
            # Private to this process (0700): derived from the solution, it is as secret as it is.
            _folder.append(Path(tempfile.mkdtemp(prefix="dltutor-mutants-")))
            atexit.register(shutil.rmtree, _folder[0], True)
        path = _folder[0] / f"{mutant.name}-{digest}.py"
        if not path.exists():
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(source, encoding="utf-8")
            temporary.replace(path)
    return path
