"""Grades one Gradescope upload and always writes results.json, whatever goes wrong.

Gradescope unpacks the autograder into ``ROOT/source``, the learner's upload into
``ROOT/submission`` and reads ``ROOT/results/results.json`` (ROOT is ``/autograder``;
``$DLTUTOR_GRADESCOPE_ROOT`` moves it, for tests and local tries). The upload is graded however
it was made (``uploads``). A run that cannot grade at all (a broken pack, a refused isolation
level, a dltutor fault) still writes results.json, with one failed test giving the reason, so
the learner and the instructor see why instead of "the autograder failed to produce any results".
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import sys
import time
import traceback
from pathlib import Path

from tutor.atomic import write_atomic

CONFIG = "dltutor-autograder.json"
COURSE_DIR = "course"


def gradescope_root(root: str | os.PathLike | None = None) -> Path:
    return Path(root or os.environ.get("DLTUTOR_GRADESCOPE_ROOT") or "/autograder")


def make_private(folder: Path) -> None:
    """``chmod -R go-rwx`` without following links: only the grader (its owner) may read the pack,
    so a sandbox, which runs under a uid of its own, can never open the solutions."""
    for current, dirs, files in os.walk(folder, followlinks=False):
        for name in [*dirs, *files]:
            path = os.path.join(current, name)
            mode = os.lstat(path).st_mode
            if not stat.S_ISLNK(mode):
                os.chmod(path, stat.S_IMODE(mode) & ~0o077)
    os.chmod(folder, stat.S_IMODE(os.stat(folder).st_mode) & ~0o077)


def _options(config: dict, extra: dict):
    from tutor.reporters.gradescope import Options  # noqa: PLC0415  (imported inside the guard: a broken install still writes results.json)

    return Options(visibility=tuple((str(p), str(v)) for p, v in config.get("visibility", ())),
                   points=config.get("points"), leaderboard=bool(config.get("leaderboard")), extra=extra)


def _grade(root: Path, source: Path, config: dict, extra: dict) -> tuple[int, dict]:
    from tutor.batch import exit_code, grade_submissions, prove_isolation, upload  # noqa: PLC0415  (imported inside the guard: a broken install still writes results.json)
    from tutor.course import load_course  # noqa: PLC0415  (imported inside the guard: a broken install still writes results.json)
    from tutor.reporters import gradescope  # noqa: PLC0415  (imported inside the guard: a broken install still writes results.json)
    from tutor.reporters.output import renderable  # noqa: PLC0415  (imported inside the guard: a broken install still writes results.json)
    from tutor.sandbox import isolation  # noqa: PLC0415  (imported inside the guard: a broken install still writes results.json)

    course_root = source / config.get("course", COURSE_DIR)
    make_private(course_root)
    course = load_course(course_root)
    ids = config.get("exercises") or course.ids
    for exercise_id in ids:
        course.get(exercise_id)  # a pack that lost an exercise the assignment grades: fatal, said so
    level = isolation.resolve(config.get("isolation"))
    submission = upload(root / "submission", course, name="submission")
    prove_isolation(course, [submission], ids, level, peers=False)
    seed = secrets.randbelow(2**31 - 1) + 1
    extra.update(seed=seed, isolation_level=level.level)
    results = grade_submissions(course, [submission], ids, jobs=os.cpu_count() or 1, seed=seed, isolation=level)
    results = renderable(results, "gradescope")
    return exit_code(results), gradescope.results(results[0], _options(config, extra))


def run(root: str | os.PathLike | None = None, source: str | os.PathLike | None = None) -> int:
    """Grade ROOT/submission into ROOT/results/results.json; the exit code of docs/architecture.md, Invariants."""
    from tutor import __version__  # noqa: PLC0415  (imported inside the guard: a broken install still writes results.json)

    root = gradescope_root(root)
    source = Path(source) if source else root / "source"
    out = root / "results" / "results.json"
    started = time.monotonic()
    extra = {"dltutor": __version__}
    try:
        config = json.loads((source / CONFIG).read_text(encoding="utf-8"))
        code, results = _grade(root, source, config, extra)
    except Exception as exc:  # noqa: BLE001  (whatever happened, Gradescope gets a results.json saying it)
        code, results = _fatal(exc, extra)
    results["execution_time"] = round(time.monotonic() - started, 3)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(results["output"])
    return code


def _fatal(exc: Exception, extra: dict) -> tuple[int, dict]:
    from tutor.course import CourseError  # noqa: PLC0415  (imported inside the guard: a broken install still writes results.json)
    from tutor.reporters import gradescope  # noqa: PLC0415  (imported inside the guard: a broken install still writes results.json)
    from tutor.safe_text import clean  # noqa: PLC0415  (imported inside the guard: a broken install still writes results.json)
    from tutor.sandbox.isolation import IsolationUnavailable  # noqa: PLC0415  (imported inside the guard: a broken install still writes results.json)

    if isinstance(exc, (CourseError, IsolationUnavailable, KeyError, OSError, ValueError)):
        reason, code = clean(f"{exc}" if not isinstance(exc, KeyError) else exc.args[0], 4000), 2
    else:
        traceback.print_exc(file=sys.stderr)  # a dltutor fault: the instructor sees it in the autograder log
        reason, code = clean(f"internal error in dltutor ({type(exc).__name__}: {exc}); please report it", 4000), 3
    return code, gradescope.fatal(reason + " (ask your instructor: the submission was not graded)", extra)
