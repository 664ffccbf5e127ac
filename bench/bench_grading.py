"""Class grading throughput: a generated class graded with `--jobs 1` and `--jobs 2`, as ratios.

The class has N submissions (default 40) of the numpy exercises of the foundations chapter, a mix
of correct files (the references) and starters, so passing and failing paths are both timed.
Reported in one run: the speed-up of 2 jobs over 1, and the time per graded exercise against the
floor of starting Python with numpy (`python -c "import numpy"`).
Run: `python bench/bench_grading.py [--students N] [--exercise ID …]`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tutor.course import load_course
from tutor.workspace import Workspace


def make_class(folder: Path, course, students: int, exercise_ids: list[str]) -> None:
    for number in range(students):
        workspace = Workspace(folder / f"student{number:03d}", course)
        workspace.sync()
        for position, exercise_id in enumerate(exercise_ids):
            exercise = course.get(exercise_id)
            if (number + position) % 4:  # three in four files correct, the rest left as starters
                shutil.copyfile(exercise.solution_path, workspace.path_for(exercise))


def grade_class(folder: Path, jobs: int, exercise_ids: list[str]) -> float:
    command = [sys.executable, "-m", "tutor", "grade", str(folder), "--jobs", str(jobs), "--format", "json"]
    for exercise_id in exercise_ids:
        command += ["--exercise", exercise_id]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"grading failed ({result.returncode}): {result.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--exercise", action="append", help="default: every numpy exercise of chapter 1")
    args = parser.parse_args()
    course = load_course(REPO)
    ids = args.exercise or [e.id for e in course.exercises if e.chapter == "foundations" and e.mode == "numpy"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        make_class(folder, course, args.students, ids)
        floor = statistics.median(
            _timed([sys.executable, "-c", "import numpy"]) for _ in range(7))
        one = grade_class(folder, 1, ids)
        two = grade_class(folder, 2, ids)
    graded = args.students * len(ids)
    per_exercise = one / graded
    print(f"class: {args.students} submissions × {len(ids)} exercises = {graded} graded exercises")
    print(f"floor  python -c 'import numpy'         {floor * 1000:7.0f} ms   1.00×")
    print(f"--jobs 1  whole class                   {one:7.1f} s")
    print(f"--jobs 2  whole class                   {two:7.1f} s    speed-up {one / two:.2f}×")
    print(f"per graded exercise (--jobs 1)          {per_exercise * 1000:7.0f} ms   {per_exercise / floor:.2f}× floor")
    print(f"per submission (--jobs 1)               {one / args.students:7.2f} s")


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
