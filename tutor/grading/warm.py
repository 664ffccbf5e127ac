"""Warm sandboxes and trainers for anything that grades more than once (the app, grade, validate).

A sandbox waits with its preloads (numpy, Keras, or TensorFlow for a graph worker) imported and a
trainer with TensorFlow imported, so a verdict skips Python's and TensorFlow's start-up. Each
serves one submission and is replaced in the background; all of them die with the grader.
"""

from __future__ import annotations

import threading

from tutor.course import Exercise
from tutor.grading import graph, remote
from tutor.grading.grader import limits_for
from tutor.sandbox.isolation import Isolation
from tutor.sandbox.pool import WarmPool
from tutor.training.process import TrainerPool


class WarmSupply:
    """One ``WarmPool`` of sandboxes and one ``TrainerPool``, the latter started on first need."""

    def __init__(self, isolation: Isolation | None = None, depth: int = 1):
        """``depth``: sandboxes kept launched ahead per kind, one for each job that grades at once."""
        self.sandboxes = WarmPool(isolation=isolation, depth=depth)
        self._trainers: TrainerPool | None = None
        self._lock = threading.Lock()

    @property
    def trainers(self) -> TrainerPool:
        with self._lock:
            if self._trainers is None:
                self._trainers = TrainerPool()
            return self._trainers

    def prewarm(self, exercise: Exercise) -> None:
        """Start what grading ``exercise`` will need, in the background."""
        limits = limits_for(exercise)
        self.sandboxes.prewarm(limits)
        if exercise.mode == "function":  # the reference worker (Keras), and the graph worker (TensorFlow)
            self.sandboxes.prewarm(remote.worker_limits(exercise, limits))
            self.sandboxes.prewarm(graph.worker_limits(exercise, limits))
        if exercise.training is not None:
            self.trainers.prewarm()

    def options(self, exercise: Exercise) -> dict:
        """The keyword arguments that make ``grader.grade`` use this supply."""
        return {"sandbox_factory": self.sandboxes.acquire,
                "trainers": self.trainers if exercise.training is not None else None}

    def close(self) -> None:
        """Kill everything still waiting (a run still in flight falls back to cold starts)."""
        self.sandboxes.close()
        with self._lock:
            trainers, self._trainers = self._trainers, None
        if trainers is not None:
            trainers.close()
