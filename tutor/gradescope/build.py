"""Writes a ready Gradescope autograder zip: setup.sh, run_autograder, the course pack and its settings.

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once when it builds the
image, then ``run_autograder`` for every submission (both as root). ``run_autograder`` first
makes the pack private (``chmod -R go-rwx``), then grades with ``python -m tutor.gradescope``
and, should even Python fail to start, writes a results.json saying so itself.
"""

from __future__ import annotations

import json
import shlex
import time
import zipfile
from pathlib import Path

from tutor import __version__
from tutor.course import Course
from tutor.gradescope.runner import CONFIG, COURSE_DIR

VENV = "/autograder/dltutor-venv"
SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
set -euo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# bubblewrap gives the sandbox its strongest isolation where the container allows it.
apt-get install -y -qq python3 python3-venv python3-pip bubblewrap >/dev/null || \\
  apt-get install -y -qq python3 python3-venv python3-pip >/dev/null
python3 -m venv {venv}
{venv}/bin/python -m pip install -q --upgrade pip
{venv}/bin/python -m pip install -q {install}
chmod -R go-rwx {course}
{venv}/bin/dltutor --course {course} doctor || true
"""
RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission, as root: the upload is in $ROOT/submission and the
# verdict must be in $ROOT/results/results.json, whatever happens.
set -u
ROOT="${{DLTUTOR_GRADESCOPE_ROOT:-/autograder}}"
SOURCE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$ROOT/results"
# First: only the grader may read the course pack (its solutions), never a sandbox or a student.
chmod -R go-rwx "$SOURCE/{course_dir}"
PY="$ROOT/dltutor-venv/bin/python"
[ -x "$PY" ] || PY="$(command -v python3)"
rm -f "$ROOT/results/results.json"
"$PY" -m tutor.gradescope --root "$ROOT" --source "$SOURCE"
status=$?
if [ ! -s "$ROOT/results/results.json" ]; then
  # dltutor itself could not run (not installed, Python missing): still tell Gradescope why.
  printf '%s\\n' '{{"score": 0, "output": "The autograder could not run dltutor (exit code '"$status"'): the instructor must rebuild it (dltutor gradescope build).", "tests": [{{"name": "autograder", "score": 0, "max_score": 0, "status": "failed", "output": "dltutor did not run (exit code '"$status"'); see the autograder log", "visibility": "visible"}}], "extra_data": {{"status": "ungradable"}}}}' > "$ROOT/results/results.json"
  [ "$status" -ne 0 ] || status=3
fi
exit "$status"
"""


class BuildError(ValueError):
    """The autograder cannot be built as asked; the message says why."""


def _needs_keras(course: Course, ids: list[str]) -> bool:
    return any(course.get(i).mode != "numpy" for i in ids)


def _add(archive: zipfile.ZipFile, name: str, data: bytes, mode: int) -> None:
    info = zipfile.ZipInfo(name, date_time=time.localtime(time.time())[:6])
    info.external_attr = (0o100000 | mode) << 16  # a regular file with these permissions when unzipped
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _pack_files(course: Course):
    """The pack's files (exercises/ and solutions/), never a link, never caches."""
    for top in ("exercises", "solutions"):
        for path in sorted((course.root / top).rglob("*")):
            relative = path.relative_to(course.root)
            if path.is_symlink() or not path.is_file() or "__pycache__" in relative.parts:
                continue
            yield relative.as_posix(), path


def build(course: Course, output: Path, *, exercises: list[str] | None = None, points: float | None = None,
          visibility: tuple[tuple[str, str], ...] | list[tuple[str, str]] = (), leaderboard: bool = False, isolation: str | None = None,
          install: str | None = None, wheel: Path | None = None) -> dict:
    """Write the autograder zip to ``output``; returns the settings it carries."""
    ids = list(exercises or course.ids)
    for exercise_id in ids:
        try:
            course.get(exercise_id)
        except KeyError as exc:
            raise BuildError(exc.args[0]) from None
    extra = "[keras]" if _needs_keras(course, ids) else ""
    if wheel is not None:
        wheel = Path(wheel)
        if not wheel.is_file() or wheel.suffix != ".whl":
            raise BuildError(f"--wheel {wheel}: not a wheel file")
        spec = f"'/autograder/source/wheels/{wheel.name}{extra}'"
    else:
        spec = shlex.quote(install or f"dltutor{extra}=={__version__}")
    config = {"format": 1, "dltutor": __version__, "course": COURSE_DIR, "course_version": course.version,
              "exercises": ids, "points": points, "visibility": [list(v) for v in visibility],
              "leaderboard": leaderboard, "isolation": isolation}
    course_path = f"/autograder/source/{COURSE_DIR}"
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    with zipfile.ZipFile(partial, "w") as archive:
        _add(archive, "setup.sh", SETUP.format(venv=VENV, install=spec, course=course_path).encode(), 0o755)
        _add(archive, "run_autograder", RUN.format(course_dir=COURSE_DIR).encode(), 0o755)
        _add(archive, CONFIG, (json.dumps(config, indent=2) + "\n").encode(), 0o600)
        for relative, path in _pack_files(course):
            _add(archive, f"{COURSE_DIR}/{relative}", path.read_bytes(), 0o600)
        if wheel is not None:
            _add(archive, f"wheels/{wheel.name}", wheel.read_bytes(), 0o644)
    partial.replace(output)  # never a half-written zip under the name the instructor uploads
    return config
