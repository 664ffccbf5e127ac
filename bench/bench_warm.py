"""Cold vs warm, in one run: a numpy verdict, and the overhead of a Keras training check.

numpy: the neuron exercise graded by a fresh sandbox (cold) and by a warm one waiting with numpy
imported; both in-process, so the difference is the sandbox's start-up.
Keras: the iris_dense exercise; its *overhead* is the verdict time minus the trainer's own
training time (the `fit`), i.e. start-ups, the model description in the sandbox, the rebuild,
the static checks and the scoring. Cold starts a sandbox and a trainer per verdict (TensorFlow
imported in each, side by side); warm takes a sandbox with Keras and a trainer with TensorFlow
already imported. Run: `python bench/bench_warm.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tutor.course import load_course
from tutor.grading.grader import grade, limits_for
from tutor.grading.warm import WarmSupply
from tutor.workspace import Workspace


def verdict(course, exercise, root, warm: WarmSupply | None) -> tuple[float, float]:
    """Seconds for one verdict, and the seconds of it spent training."""
    if warm is not None:  # wait until what the app would have prepared is ready
        warm.prewarm(exercise)
        warm.sandboxes.wait_ready(limits_for(exercise), timeout=120)
        if exercise.training is not None:
            warm.trainers.wait_ready(timeout=120)
    options = warm.options(exercise) if warm is not None else {}
    started = time.perf_counter()
    report = grade(course, exercise, root, **options)
    seconds = time.perf_counter() - started
    assert report.passed, report.message or [c.message for c in report.checks]
    return seconds, float(report.training.get("train_seconds") or 0.0)


def measure(course, exercise, root, warm, repeat: int) -> tuple[float, float]:
    samples = [verdict(course, exercise, root, warm) for _ in range(repeat)]
    return statistics.median(s for s, _ in samples), statistics.median(s - t for s, t in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keras-repeat", type=int, default=3)
    args = parser.parse_args()
    course = load_course(REPO)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace(Path(tmp) / "ws", course)
        workspace.sync()
        neuron, iris = course.get("neuron"), course.get("iris_dense")
        for exercise in (neuron, iris):
            shutil.copyfile(exercise.solution_path, workspace.path_for(exercise))
        verdict(course, neuron, workspace.root, None)  # checks and reference loaded once, as the app does
        cold_numpy, _ = measure(course, neuron, workspace.root, None, args.repeat)
        cold_keras, cold_overhead = measure(course, iris, workspace.root, None, args.keras_repeat)
        warm = WarmSupply()
        try:
            warm_numpy, _ = measure(course, neuron, workspace.root, warm, args.repeat)
            warm_keras, warm_overhead = measure(course, iris, workspace.root, warm, args.keras_repeat)
        finally:
            warm.close()
    print(f"numpy verdict (neuron)           cold {cold_numpy * 1000:7.0f} ms   warm {warm_numpy * 1000:7.0f} ms"
          f"   cold/warm {cold_numpy / warm_numpy:5.1f}x")
    print(f"Keras verdict (iris_dense)       cold {cold_keras:7.2f} s    warm {warm_keras:7.2f} s"
          f"    cold/warm {cold_keras / warm_keras:5.1f}x")
    print(f"  overhead (verdict - training)  cold {cold_overhead:7.2f} s    warm {warm_overhead:7.2f} s"
          f"    cold/warm {cold_overhead / warm_overhead:5.1f}x")


if __name__ == "__main__":
    main()
