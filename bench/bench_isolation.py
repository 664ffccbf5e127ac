"""What each isolation level adds over basic (L1) per check, as ratios measured in one run.

Two costs, for the neuron exercise with its reference solution as the learner's file:
- cold: a fresh sandbox for one check (start with numpy, load the file, one call, close and
  sweep): what `dltutor check` and `dltutor grade` pay per exercise;
- warm: a full verdict (every check of the exercise) from a warm worker started beforehand at
  the same level: what the app pays after its first check.
Levels this machine lacks are listed with the reason. Run: `python bench/bench_isolation.py [--repeat N]`.
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
from tutor.sandbox import isolation
from tutor.sandbox.pool import WarmPool
from tutor.sandbox.runner import Sandbox
from tutor.workspace import Workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat
    course = load_course(REPO)
    exercise = course.get("neuron")
    limits = limits_for(exercise)
    levels, skipped = [], {}
    for name in isolation.LEVELS:
        try:
            levels.append(isolation.resolve(name))
        except isolation.IsolationUnavailable as exc:
            skipped[name] = str(exc)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace(Path(tmp) / "ws", course)
        workspace.sync()
        learner = workspace.path_for(exercise)
        shutil.copyfile(exercise.solution_path, learner)
        module = [{"name": exercise.module_name, "filename": str(learner), "source": learner.read_text()}]

        def cold_check(level):
            with Sandbox(limits, isolation=level) as sandbox:
                assert sandbox.load(module).ok
                reply = sandbox.call(exercise.module_name, "neuron", ([0.5, -1.0, 2.0], [0.1, 0.2, 0.3], 0.1))
                assert reply.ok, reply

        # Levels take turns within every round, so a noisy neighbour slows them all alike.
        pools = {level.level: WarmPool(isolation=level) for level in levels}
        cold_samples = {level.level: [] for level in levels}
        warm_samples = {level.level: [] for level in levels}

        def warm_verdict(level):
            pool = pools[level.level]
            assert pool.wait_ready(limits, timeout=60)
            started = time.perf_counter()
            report = grade(course, exercise, workspace.root, isolation=level, sandbox_factory=pool.acquire)
            assert report.passed, report
            return time.perf_counter() - started

        try:
            for level in levels:  # warms the page cache, the reference, a child's sys.path list
                cold_check(level)
                pools[level.level].prewarm(limits)
                warm_verdict(level)
            for _ in range(repeat):
                for level in levels:
                    started = time.perf_counter()
                    cold_check(level)
                    cold_samples[level.level].append(time.perf_counter() - started)
                    warm_samples[level.level].append(warm_verdict(level))
        finally:
            for pool in pools.values():
                pool.close()
        results = {name: (statistics.median(cold_samples[name]), statistics.median(warm_samples[name]))
                   for name in cold_samples}
    base_cold, base_warm = results.get("basic", (None, None))
    print(f"{'level':<10}{'cold check':>12}{'vs basic':>10}{'warm verdict':>15}{'vs basic':>10}")
    for name, (cold, warm) in results.items():
        ratio_cold = f"{cold / base_cold:9.2f}x" if base_cold else "        -"
        ratio_warm = f"{warm / base_warm:9.2f}x" if base_warm else "        -"
        print(f"{name:<10}{cold * 1000:9.0f} ms{ratio_cold:>10}{warm * 1000:12.0f} ms{ratio_warm:>10}")
    for name, reason in skipped.items():
        print(f"{name:<10}skipped: {reason}")


if __name__ == "__main__":
    main()
