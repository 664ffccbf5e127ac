"""The graph worker of a function exercise: a sandbox with TensorFlow and no learner or reference code,
started on first use, that runs the graphs the learner's sandbox traced (docs/architecture.md, Invariants).

What comes back from either side is plain data checked here before use: the learner's sandbox
claims a traced graph (``Traced``), the graph worker answers with arrays (``GraphResult``) or a
refusal. The worker loads only ``graph_harness.py`` and ``op_allowlist.py``.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tutor.course import Exercise
from tutor.sandbox.limits import Limits
from tutor.sandbox.runner import Sandbox, SandboxDied

GRAPH_PRELOAD = ("numpy", "tensorflow")  # no Keras: the worker runs bare graphs
GRAPH_MODULE = "_dltutor_graph"
ALLOWLIST_MODULE = "_dltutor_op_allowlist"
MAX_GRAPH_BYTES = 4 * 1024 * 1024
MAX_NAMES = 64
HERE = Path(__file__).parent


def worker_limits(exercise: Exercise, limits: Limits) -> Limits:
    """The graph worker runs under the learner sandbox's own limits and layers, with TensorFlow preloaded."""
    return dataclasses.replace(limits, preload=GRAPH_PRELOAD)


def harness_sources() -> list[dict]:
    """What the graph worker loads: the op allowlist, then the harness that imports it."""
    return [{"name": ALLOWLIST_MODULE, "filename": "<dltutor op allowlist>",
             "source": (HERE / "op_allowlist.py").read_text(encoding="utf-8")},
            {"name": GRAPH_MODULE, "filename": "<dltutor graph harness>",
             "source": (HERE / "graph_harness.py").read_text(encoding="utf-8")}]


class GraphWorkerFault(RuntimeError):
    """The graph worker could not load its own harness: a grader problem, never the learner's."""


class GraphRefused(Exception):
    """The traced graph was refused (an op off the allowlist) or could not be run; says why."""


@dataclass(frozen=True)
class Traced:
    """A graph the learner's sandbox says it traced: serialized GraphDef bytes and tensor names."""

    graph: np.ndarray
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    is_tuple: bool


@dataclass(frozen=True)
class Untraceable:
    """Tracing failed in the learner's code: where (their file and line) and what was raised."""

    file: str = ""
    line: int | None = None
    code: str = ""
    exception: str = "an exception"
    message: str = ""


@dataclass(frozen=True)
class GraphResult:
    outputs: tuple[np.ndarray, ...]
    gradients: tuple[np.ndarray | None, ...] | None  # None when the output could not take them


def _names(value) -> tuple[str, ...] | None:
    if type(value) is not list or len(value) > MAX_NAMES or any(type(n) is not str or len(n) > 200 for n in value):
        return None
    return tuple(value)


def parse_trace(value) -> Traced | Untraceable | str:
    """What the tracer answered, checked: a ``Traced``, an ``Untraceable``, or (a str) why it is neither."""
    if type(value) is not dict:
        return "the tracer did not return a traced graph"
    if type(value.get("untraceable")) is dict:
        where = value["untraceable"]
        line = where.get("line")
        return Untraceable(file=str(where.get("file", ""))[:200], line=line if type(line) is int else None,
                           code=str(where.get("code", ""))[:200],
                           exception=str(where.get("exception", "an exception"))[:80],
                           message=str(where.get("message", ""))[:500])
    graph, inputs, outputs = value.get("graph"), _names(value.get("inputs")), _names(value.get("outputs"))
    if not isinstance(graph, np.ndarray) or graph.dtype != np.uint8 or graph.ndim != 1:
        return "the tracer did not return a serialized graph"
    if graph.size > MAX_GRAPH_BYTES:
        return f"the traced graph is {graph.size // 1024} KiB, over the {MAX_GRAPH_BYTES // 1024} KiB limit"
    if inputs is None or not outputs:
        return "the tracer did not name the graph's inputs and outputs"
    return Traced(graph, inputs, outputs, value.get("tuple") is True)


def _result(value, wanted: int) -> GraphResult:
    """The graph worker's answer, checked: arrays for outputs, arrays or None for gradients."""
    if type(value) is not dict or type(value.get("outputs")) is not list or not value["outputs"]:
        raise GraphWorkerFault("the graph worker's answer is not a list of outputs")
    outputs = value["outputs"]
    if not all(isinstance(o, np.ndarray) for o in outputs):
        raise GraphWorkerFault("the graph worker's outputs are not arrays")
    grads = value.get("gradients")
    if grads is not None and (type(grads) is not list or len(grads) != wanted
                              or not all(g is None or isinstance(g, np.ndarray) for g in grads)):
        raise GraphWorkerFault("the graph worker's gradients are not one array (or None) per input")
    return GraphResult(tuple(outputs), None if grads is None else tuple(grads))


class GraphWorkerSlot:
    """Holds at most one graph worker for a grading run; ``get()`` starts it, ``close()`` ends it."""

    def __init__(self, start: Callable[[], Sandbox]):
        self._start = start
        self._worker: Sandbox | None = None
        self._loaded = False
        self._lock = threading.Lock()

    def get(self) -> Sandbox:
        with self._lock:
            if self._worker is None:
                self._worker = self._start()
            return self._worker

    def _ready(self) -> Sandbox:
        """The worker with its harness loaded; a dead worker raises ``SandboxDied`` for each later use."""
        worker = self.get()
        with self._lock:
            if self._loaded:
                return worker
            reply = worker.load(harness_sources())
            if not reply.ok:
                raise GraphWorkerFault(f"the graph worker could not load its harness: "
                                       f"{reply.details.get('exception', reply.kind)}: {reply.message}")
            self._loaded = True
        return worker

    def run(self, traced: Traced, values, wrt=(), upstream=None) -> GraphResult:
        """Run ``traced`` on ``values`` in the graph worker; ``GraphRefused`` says why it did not run,
        ``SandboxDied`` that the worker stopped (out of time or memory on the learner's graph)."""
        worker = self._ready()
        request = (traced.graph, list(traced.inputs), list(traced.outputs),
                   [np.asarray(v) for v in values], [int(i) for i in wrt], upstream)
        reply = worker.call(GRAPH_MODULE, "run_graph", request)
        if reply.ok:
            return _result(reply.value, len(wrt))
        kind = reply.details.get("exception", reply.kind)
        if kind == "RefusedGraph":
            raise GraphRefused(reply.message)
        if kind == "GraphNotRunnable":
            raise GraphRefused(f"could not be run: {reply.message}")
        if reply.kind == "memory":
            raise GraphRefused(f"ran out of memory (limit {worker.limits.memory_mb} MB) when run")
        raise GraphWorkerFault(f"the graph worker failed: {kind}: {reply.message}")

    def close(self) -> None:
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.close()


__all__ = ["GraphRefused", "GraphResult", "GraphWorkerFault", "GraphWorkerSlot", "SandboxDied", "Traced",
           "Untraceable", "harness_sources", "parse_trace", "worker_limits"]
