"""Grades one exercise: runs its checks against the learner's code in a sandbox, builds a GradeReport."""

from __future__ import annotations

import platform
import re
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from tutor import __version__, events, extras, hardware, learner_files
from tutor.course import Course, Exercise
from tutor.grading import graph, modules, remote
from tutor.grading.api import CheckFailed, LearnerError, TrainingNotRun, Trial
from tutor.grading.needs import DEFAULT_SEED, TRAINING_SEED, limits_for
from tutor.grading.report import (
    ERROR,
    FAILED,
    PASSED,
    SKIPPED,
    UNGRADABLE,
    CheckResult,
    GradeReport,
    cap,
    worst,
)
from tutor.sandbox import isolation as isolation_mod
from tutor.sandbox.limits import Limits
from tutor.sandbox.runner import Sandbox, SandboxDied
from tutor.training.process import TrainerPool
from tutor.training.session import TrainingRun, harness_source


class Cancelled(Exception):
    """Grading was cancelled (a newer save, or the app is quitting)."""


def versions(course: Course) -> dict:
    return {"dltutor": __version__, "python": platform.python_version(), "numpy": np.__version__,
            "course": f"{course.name} {course.version}"}


# Missing or empty: the learner's work is not there yet (failed, docs/architecture.md, Invariants); anything else about
# the file (a link, a pipe, too large, not UTF-8, unreadable) stops it from being run at all.
NOT_YET_WRITTEN = (learner_files.MISSING, learner_files.EMPTY)


def _file_problem(problem: learner_files.LearnerFileProblem, exercise: Exercise) -> tuple[str, str]:
    """The status and message for a learner file that cannot be graded as code."""
    if problem.kind in NOT_YET_WRITTEN:
        return FAILED, (f"{problem}: write your solution there, or restore the starter with "
                        f"`dltutor reset {exercise.id}` (F8 in the app)")
    return ERROR, str(problem)


def _syntax_message(details: dict, message: str, name: str) -> str:
    """``basics/double.py, line 2, column 12: invalid syntax``, the line, and a caret under the column."""
    where = details.get("filename") or name
    line, offset, text = details.get("line"), details.get("offset"), details.get("text") or ""
    message = re.sub(r" \([^()]*, line \d+\)$", "", message)  # str(SyntaxError) repeats the place
    head = f"{where}, line {line}" + (f", column {offset}" if isinstance(offset, int) else "") + f": {message}"
    if not text.strip():
        return head
    shown = text.rstrip()
    indent = len(shown) - len(shown.lstrip())
    caret = f"\n    {' ' * max(0, offset - 1 - indent)}^" if isinstance(offset, int) and offset > indent else ""
    return f"{head}\n    {shown.lstrip()}{caret}"


class _Run:
    """The state of one grading run, so each step stays a short method."""

    def __init__(self, course: Course, exercise: Exercise, root: Path, seed: int,
                 isolation: isolation_mod.Isolation, on_event, cancel, sandbox_factory, trainers=None,
                 training_seed: int = TRAINING_SEED, without_tensorflow: str = SKIPPED):
        self.course, self.exercise, self.root = course, exercise, Path(root)
        self.source_sha256 = ""
        self.seed, self.isolation = seed, isolation
        self.on_event = on_event or (lambda event: None)
        self.cancel = cancel or (lambda: False)
        self.sandbox_factory = sandbox_factory
        self.started = time.monotonic()
        self.without_tensorflow = without_tensorflow
        self.traceback = ""
        self.training = (TrainingRun(exercise, training_seed, self.on_event, self.cancel, trainers)
                         if exercise.training is not None else None)
        self.graph = (graph.GraphWorkerSlot(
            lambda: sandbox_factory(graph.worker_limits(exercise, limits_for(exercise))))
            if exercise.mode == "function" else None)

    def report(self, status: str, checks, message: str = "", stdout: str = "") -> GradeReport:
        if self.exercise.gpu == "recommended" and hardware.detect().kind != "gpu" and status != SKIPPED:
            note = "No GPU found: this exercise ran on the CPU, within its CPU budget."
            message = f"{message}\n{note}" if message else note
        return GradeReport(
            exercise=self.exercise.id, status=status,
            score=sum(c.points for c in checks), max_score=sum(c.max_points for c in checks),
            checks=tuple(checks), traceback=cap(self.traceback), stdout=cap(stdout),
            isolation=self.isolation.to_dict(), device=hardware.detect().to_dict(), seed=self.seed,
            duration_s=round(time.monotonic() - self.started, 3), versions=versions(self.course),
            message=message, training=self.training.summary() if self.training else {},
            source_sha256=self.source_sha256,
        ).made_safe()

    def all_checks(self, functions, status: str, message: str) -> list[CheckResult]:
        return [CheckResult(f.__dltutor_check__.name, status, 0.0, f.__dltutor_check__.points, message)
                for f in functions]

    def grade(self) -> GradeReport:
        try:
            return self._grade()
        finally:
            if self.training:
                self.training.close()
            if self.graph:
                self.graph.close()

    def _grade(self) -> GradeReport:
        device = hardware.detect()
        if self.exercise.gpu == "required" and device.kind != "gpu":
            reason = f"this exercise needs a GPU (gpu = \"required\") and none was found ({device.note or 'CPU only'})"
            return self.report(SKIPPED, [], reason)
        try:
            functions = modules.checks_of(self.exercise)
            # A Keras exercise's reference and mutants import TensorFlow: never in this process.
            in_process = self.exercise.mode == "numpy"
            reference: Any = modules.reference_of(self.course, self.exercise) if in_process else None
            mutants = modules.mutants_of(self.course, self.exercise) if in_process else []
        except Exception as exc:  # noqa: BLE001  (a broken course must not crash the grader)
            return self.report(UNGRADABLE, [], f"course error in {self.exercise.id}: {type(exc).__name__}: {exc}")
        if missing := extras.missing_for(self.exercise):
            status = self.without_tensorflow  # skipped for a learner; ungradable for a class (never a pass)
            return self.report(status, self.all_checks(functions, status, missing), missing)
        try:
            sources = self._learner_sources()
        except learner_files.LearnerFileProblem as problem:
            status, message = _file_problem(problem, self.exercise)
            return self.report(status, self.all_checks(functions, status, f"not run: {message}"), message)
        if self.exercise.mode == "function":
            sources.append(remote.tf_harness_source())
        if self.training:
            sources.append(harness_source())
            self.training.prepare()  # the trainer imports TensorFlow while the sandbox loads the file
        limits = limits_for(self.exercise)
        worker = None
        if self.exercise.mode == "function":  # the reference runs with TensorFlow, in a worker of its own
            worker = self.sandbox_factory(remote.worker_limits(self.exercise, limits))
        sandbox = self.sandbox_factory(limits)
        try:
            if worker is not None:
                try:
                    reference, mutants = remote.load_course_code(worker, self.exercise)
                except remote.WorkerFault as fault:
                    return self.report(UNGRADABLE, [], f"course error in {self.exercise.id}: {fault}")
            return self._run_checks(sandbox, sources, functions, reference, mutants)
        finally:
            sandbox.close()
            if worker is not None:
                worker.close()

    def _learner_sources(self) -> list[dict]:
        """The learner's file, and the files of the earlier exercises it uses, read the one safe way
        and named relative to the workspace: the sandbox never learns where the workspace is."""
        sources = []
        for used in self.course.uses_of(self.exercise):  # earlier exercises, as the learner wrote them
            try:
                read = learner_files.read_learner_file(self.root, self.course.get(used).file)
            except learner_files.LearnerFileProblem as problem:
                if problem.kind in NOT_YET_WRITTEN:
                    continue  # importing it fails in the sandbox, naming the module
                raise learner_files.LearnerFileProblem(
                    problem.kind, problem.name,
                    f"{problem} (it is your {used} exercise, which {self.exercise.id} uses)") from None
            sources.append({"name": used, "filename": read.name, "source": read.text})
        learner = learner_files.read_learner_file(self.root, self.exercise.file)
        self.source_sha256 = learner.sha256
        sources.append({"name": self.exercise.module_name, "filename": learner.name, "source": learner.text})
        return sources

    def _run_checks(self, sandbox, sources, functions, reference, mutants) -> GradeReport:
        try:
            loaded = sandbox.load(sources)
        except SandboxDied as died:
            message = f"the sandbox stopped while importing your file: {died.reason}"
            return self.report(died.status, self.all_checks(functions, died.status, message), message,
                               self._output(sandbox))
        if not loaded.ok:
            message = self._load_failure(loaded)
            return self.report(ERROR, self.all_checks(functions, ERROR, "not run: " + message),
                               message, self._output(sandbox))
        results = []
        for index, function in enumerate(functions):
            if self.cancel():
                raise Cancelled()
            spec = function.__dltutor_check__
            self.on_event(events.CheckStarted(spec.name, index, len(functions)))
            rng = np.random.default_rng([self.seed, zlib.crc32(self.exercise.id.encode()),
                                         zlib.crc32(spec.name.encode())])
            trial = Trial(sandbox, self.exercise.module_name, reference, mutants, rng, self.training, self.graph)
            try:
                function(trial)
                results.append(CheckResult(spec.name, PASSED, spec.points, spec.points))
            except CheckFailed as failed:
                results.append(CheckResult(spec.name, FAILED, 0.0, spec.points, str(failed),
                                           getattr(failed, "mistake", "")))
            except LearnerError as crashed:
                self.traceback = self.traceback or crashed.traceback
                results.append(CheckResult(spec.name, ERROR, 0.0, spec.points, str(crashed),
                                           getattr(crashed, "mistake", "")))
            except TrainingNotRun as unrun:
                results.append(CheckResult(spec.name, unrun.status, 0.0, spec.points, unrun.reason))
            except SandboxDied as died:
                results.append(CheckResult(spec.name, died.status, 0.0, spec.points, died.reason))
                rest = self.all_checks(functions[index + 1:], died.status, f"not run: {died.reason}")
                results.extend(rest)
                break
            except Exception as exc:  # noqa: BLE001
                results.append(CheckResult(spec.name, UNGRADABLE, 0.0, spec.points,
                                           f"grader fault in this check: {type(exc).__name__}: {exc}"))
        status = worst(r.status for r in results)
        stopped = getattr(sandbox, "died", None)
        return self.report(status, results, stopped.reason if stopped else "", self._output(sandbox))

    def _load_failure(self, reply) -> str:
        self.traceback = reply.traceback
        name = self.exercise.file
        if reply.kind == "syntax":
            self.traceback = ""  # the message below says all of it, once
            return _syntax_message(reply.details, reply.message, name)
        if reply.kind == "exit":
            return f"{name} called sys.exit() while being imported"
        if reply.kind == "memory":
            return f"{name} ran out of memory (limit {self.exercise.memory_mb} MB) while being imported"
        return f"{name} raised {reply.details.get('exception', 'an exception')} while being imported: {reply.message}"

    @staticmethod
    def _output(sandbox) -> str:
        out = sandbox.stdout
        if err := sandbox.stderr.strip():
            out += ("\n" if out else "") + "[stderr]\n" + err + "\n"
        return out


def grade(course: Course, exercise: Exercise, root: Path, *, seed: int = DEFAULT_SEED,
          isolation: isolation_mod.Isolation | None = None,
          on_event: Callable[[events.GradingEvent], None] | None = None,
          cancel: Callable[[], bool] | None = None,
          sandbox_factory: Callable[[Limits], Sandbox] | None = None,
          trainers: TrainerPool | None = None, training_seed: int = TRAINING_SEED,
          without_tensorflow: str = SKIPPED) -> GradeReport:
    """Grade the learner's file for ``exercise`` in workspace ``root``; never raises for anything
    the learner did (``Cancelled`` only when ``cancel()`` says so). ``seed`` draws the inputs the
    checks generate; ``training_seed`` seeds training and generated datasets (validate's calibration
    varies it). ``sandbox_factory`` and ``trainers`` supply warm sandboxes and trainers; without
    them each run starts its own. Where the Keras extra is missing, a TensorFlow exercise gets
    ``without_tensorflow``: ``skipped`` for a learner's check, ``ungradable`` for a class's grade."""
    isolation = isolation or isolation_mod.resolve()
    factory = sandbox_factory or (lambda limits: Sandbox(limits, isolation=isolation).launch())
    return _Run(course, exercise, root, seed, isolation, on_event, cancel, factory, trainers,
                training_seed, without_tensorflow).grade()
