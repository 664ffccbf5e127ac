"""What grading an exercise needs before anything is graded: its sandbox's limits and the default seed.

Light on purpose (no numpy): ``dltutor check`` reads it first, starts the sandbox, and only then
imports the grader, so the two interpreters start side by side.
"""

from __future__ import annotations

from tutor.course import Exercise
from tutor.sandbox.limits import Limits

DEFAULT_SEED = 1234
# Training and generated datasets always use the first calibration seed, whatever the run's seed:
# learners never see that data, and validate proves the target on exactly these seeds.
TRAINING_SEED = DEFAULT_SEED
KERAS_PRELOAD = ("numpy", "keras")
KERAS_STARTUP_S = 90.0  # importing TensorFlow in the sandbox, on a slow machine


def limits_for(exercise: Exercise) -> Limits:
    """The sandbox an exercise needs: its limits, and Keras imported up front where it uses it."""
    if exercise.mode == "numpy":
        return Limits(timeout_s=exercise.timeout_s, memory_mb=exercise.memory_mb)
    return Limits(timeout_s=exercise.timeout_s, memory_mb=exercise.memory_mb, startup_s=KERAS_STARTUP_S,
                  preload=KERAS_PRELOAD)
