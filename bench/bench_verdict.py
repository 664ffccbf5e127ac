"""Verdict latency of the neuron exercise: cold `dltutor check` and a warm worker, as ratios.

Both are divided by the floor of starting Python with numpy (`python -c "import numpy"`),
measured in the same run on the same machine. Run: `python bench/bench_verdict.py [--repeat N]`.
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
from tutor.grading.grader import grade, limits_for
from tutor.sandbox.pool import WarmPool
from tutor.workspace import Workspace


def timed(run, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    course = load_course(REPO)
    exercise = course.get("neuron")
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace(Path(tmp) / "ws", course)
        workspace.sync()
        shutil.copyfile(exercise.solution_path, workspace.path_for(exercise))
        floor = timed(lambda: subprocess.run([sys.executable, "-c", "import numpy"], check=True), repeat)
        cold = timed(lambda: subprocess.run(
            [sys.executable, "-m", "tutor", "--workspace", str(workspace.root), "check", "neuron"],
            check=True, capture_output=True), repeat)
        pool = WarmPool()
        limits = limits_for(exercise)
        pool.prewarm(limits)

        def warm_verdict():
            pool.wait_ready(limits)
            started = time.perf_counter()
            report = grade(course, exercise, workspace.root, sandbox_factory=pool.acquire)
            assert report.passed, report
            return time.perf_counter() - started

        warm_verdict()  # loads checks and reference once, as the app does on its first check
        warm = statistics.median(warm_verdict() for _ in range(repeat))
        pool.close()
    print(f"floor  python -c 'import numpy'      {floor * 1000:7.0f} ms   1.00x")
    print(f"cold   dltutor check neuron          {cold * 1000:7.0f} ms   {cold / floor:5.2f}x floor")
    print(f"warm   verdict with a warm worker    {warm * 1000:7.0f} ms   {warm / floor:5.2f}x floor")
    print(f"cold / warm                                      {cold / warm:5.1f}x")


if __name__ == "__main__":
    main()
