"""Finds the line of the learner's file that a verdict blames: the last traceback frame in that file,
else a syntax error's "<file>.py, line N: …" message."""

from __future__ import annotations

import re
from pathlib import Path

from tutor.grading.report import GradeReport

FRAME = re.compile(r'File "(?P<path>[^"\n]+)", line (?P<line>\d+)')


def _is_learner_file(path: str, learner: Path, relative: str) -> bool:
    if path in (str(learner), str(learner.resolve())):
        return True
    # A sandbox may show the workspace under another root; library files (site-packages) never count.
    return (path == relative or path.endswith("/" + relative)) and "-packages/" not in path


def error_line(report: GradeReport | None, learner: Path, relative: str) -> int | None:
    """The 1-based line in ``learner`` (``relative`` to the workspace) that ``report`` points at, or None."""
    if report is None:
        return None
    learner = Path(learner)
    line = None
    for match in FRAME.finditer(report.traceback or ""):
        if _is_learner_file(match["path"], learner, relative):
            line = int(match["line"])  # the last frame in the learner's file is where it went wrong
    if line is not None:
        return line
    names = "|".join(re.escape(n) for n in (relative, learner.name))
    said = re.compile(rf"(?<![\w/.-])(?:{names}), line (\d+)\b")
    for text in (report.message, *(check.message for check in report.checks)):
        if match := said.search(text or ""):
            return int(match[1])
    return None
