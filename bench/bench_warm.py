"""Cold vs warm, in one run: a numpy verdict, and the overhead of a Keras training check.

numpy: the neuron exercise graded by a fresh sandbox (cold) and by a warm one waiting with numpy
imported; both in-process, so the difference is the sandbox's start-up.
Keras: the iris_dense exercise; its *overhead* is the verdict time minus the trainer's own
training time (the `fit`), i.e. start-ups, the model description in the sandbox, the rebuild,
the static checks and the scoring. Cold starts a sandbox and a trainer per verdict (TensorFlow
imported in each, side by side); warm takes a sandbox with Keras and a trainer with TensorFlow
already imported.
The app's Keras waits, as a learner meets them: the first Keras check right after launch (the app
starts its TensorFlow workers after its first paint; the check comes while they import), a warm
check, and a model refused before training (over its parameter budget) checked one second after
the previous check (the trainer that only answered the structure question is reused).
Run: `python bench/bench_warm.py [--repeat N]`.
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


OVER_BUDGET = """
import keras
EPOCHS, BATCH_SIZE = 30, 16

def build_model():
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(4096, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
"""


def app_waits(course, exercise, root, path: Path) -> tuple[float, float, float]:
    """The first check after launch, a warm check, and an over-budget refusal 1 s after it (seconds)."""
    warm = WarmSupply()
    try:
        warm.prewarm(exercise)  # what the app does right after its first paint
        started = time.perf_counter()
        first = grade(course, exercise, root, **warm.options(exercise))
        first_s = time.perf_counter() - started
        assert first.passed, first.message
        warm_s, _ = verdict(course, exercise, root, warm)
        reference = path.read_text()
        path.write_text(OVER_BUDGET)
        time.sleep(1.0)  # a learner edits and saves
        started = time.perf_counter()
        refused = grade(course, exercise, root, **warm.options(exercise))
        refused_s = time.perf_counter() - started
        assert refused.status == "failed" and "parameters" in refused.checks[0].message, refused.checks
        path.write_text(reference)
    finally:
        warm.close()
    return first_s, warm_s, refused_s


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
        first_s, warm_s, refused_s = app_waits(course, iris, workspace.root, workspace.path_for(iris))
    print(f"numpy verdict (neuron)           cold {cold_numpy * 1000:7.0f} ms   warm {warm_numpy * 1000:7.0f} ms"
          f"   cold/warm {cold_numpy / warm_numpy:5.1f}x")
    print(f"Keras verdict (iris_dense)       cold {cold_keras:7.2f} s    warm {warm_keras:7.2f} s"
          f"    cold/warm {cold_keras / warm_keras:5.1f}x")
    print(f"  overhead (verdict - training)  cold {cold_overhead:7.2f} s    warm {warm_overhead:7.2f} s"
          f"    cold/warm {cold_overhead / warm_overhead:5.1f}x")
    print("the app's Keras waits (iris_dense)")
    print(f"  first check right after launch   {first_s:7.2f} s   (TensorFlow still importing in the workers)")
    print(f"  a warm check                     {warm_s:7.2f} s")
    print(f"  over budget, 1 s after a check   {refused_s:7.2f} s   (refused before any training)")


if __name__ == "__main__":
    main()
