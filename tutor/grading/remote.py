"""Course code that needs TensorFlow (a function exercise's reference and mutants) run in a worker of its own.

The grader never imports TensorFlow, so these trusted modules are loaded into a separate process
(the learner never reaches it) and called over the same plain-data wire as the learner's code.
``RemoteModule`` stands in for the module: ``module.function(*args)`` runs there and returns the
value, or raises an exception of the same class name and message.
"""

from __future__ import annotations

from pathlib import Path

from tutor.course import Exercise
from tutor.grading.modules import LoadedMutant
from tutor.sandbox.limits import Limits
from tutor.sandbox.runner import SandboxDied

REFERENCE_MODULE = "_dltutor_reference"
TF_HARNESS_MODULE = "_dltutor_tf"
TF_HARNESS_SOURCE = Path(__file__).with_name("tf_harness.py")
TRACE_MODULE = "_dltutor_trace"
TRACE_SOURCE = Path(__file__).with_name("tf_trace.py")


def trace_harness_source() -> dict:
    """The module loaded beside the learner's file: it only traces their code into a graph."""
    return {"name": TRACE_MODULE, "filename": "<dltutor tf trace>",
            "source": TRACE_SOURCE.read_text(encoding="utf-8")}


# grader.py appends this to a function exercise's sources: the learner's sandbox gets the tracer,
# never the harness that computes gradients (that one runs beside the reference only).
tf_harness_source = trace_harness_source


def reference_harness_source() -> dict:
    """The module loaded beside the reference and mutants to take gradients and run layers."""
    return {"name": TF_HARNESS_MODULE, "filename": "<dltutor tf harness>",
            "source": TF_HARNESS_SOURCE.read_text(encoding="utf-8")}


class RemoteFailure(Exception):
    """Base of the exceptions raised by remote course code (their class is named after the original)."""


class WorkerFault(RuntimeError):
    """The worker running the course code stopped: a grader problem, never the learner's."""


def _raised(name: str, message: str) -> RemoteFailure:
    kind = type(name if name.isidentifier() else "RemoteFailure", (RemoteFailure,), {})
    return kind(message)


class RemoteModule:
    """Calls into one module loaded in ``worker`` (a started sandbox). Every public attribute is
    a function of that module, so what the module is comes from ``module_name`` and ``sibling``."""

    def __init__(self, worker, module: str):
        self._worker, self._module = worker, module

    def __getattr__(self, function: str):
        if function.startswith("__"):
            raise AttributeError(function)

        def call(*args, **kwargs):
            try:
                reply = self._worker.call(self._module, function, args, kwargs)
            except SandboxDied as died:
                raise WorkerFault(f"the TensorFlow worker of the reference stopped: {died.reason}") from None
            if reply.ok:
                return reply.value
            raise _raised(reply.details.get("exception", reply.kind), reply.message)

        call.__name__ = function
        return call


def module_name(module: RemoteModule) -> str:
    """The name ``module`` is loaded under in its worker (to name it in a harness call)."""
    return module._module


def sibling(module: RemoteModule, name: str) -> RemoteModule:
    """Another module loaded in the same worker as ``module`` (the reference's TensorFlow harness)."""
    return RemoteModule(module._worker, name)


def worker_limits(exercise: Exercise, limits: Limits) -> Limits:
    """The reference and every mutant run for each comparison: give them time for all of them."""
    calls = 1 + len(exercise.mutants)
    return Limits(timeout_s=limits.timeout_s * calls, memory_mb=limits.memory_mb,
                  startup_s=limits.startup_s, preload=limits.preload)


def _source(name: str, path: Path) -> dict:
    return {"name": name, "filename": str(path), "source": Path(path).read_text(encoding="utf-8")}


def load_course_code(worker, exercise: Exercise) -> tuple[RemoteModule, list[LoadedMutant]]:
    """Load the reference and the mutants into ``worker``; ``WorkerFault`` if they do not load."""
    names = [f"_dltutor_mutant_{index}" for index in range(len(exercise.mutants))]
    sources = [_source(REFERENCE_MODULE, exercise.solution_path)]
    sources += [_source(name, mutant.path) for name, mutant in zip(names, exercise.mutants)]
    sources.append(reference_harness_source())
    try:
        reply = worker.load(sources)
    except SandboxDied as died:
        raise WorkerFault(f"the TensorFlow worker of the reference stopped: {died.reason}") from None
    if not reply.ok:
        where = reply.details.get("during", "loading the reference and its mutants")
        raise WorkerFault(f"{exercise.id}: {where} failed in the TensorFlow worker: "
                          f"{reply.details.get('exception', reply.kind)}: {reply.message}")
    mutants = [LoadedMutant(m.name, m.mistake, RemoteModule(worker, name))
               for name, m in zip(names, exercise.mutants)]
    return RemoteModule(worker, REFERENCE_MODULE), mutants
