"""Checks of function exercises (``mode = "function"``): TensorFlow code whose reference runs in a
worker of its own; the ``Trial`` methods for gradients and Keras layers.

What these certify is computed where the learner cannot reach (docs/architecture.md, Invariants): the learner's sandbox
only traces their function (or their layer's ``call`` with the given weights) into a GraphDef, for
shapes and dtypes alone; the graph worker checks its ops against an allowlist, runs it on the
inputs drawn here, and takes its gradients; the reference worker computes the expected values.
The graph's *output* is compared too, so a function cannot trace one computation and run another.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from tutor.grading import graph, remote
from tutor.grading.compare import compare as compare_values
from tutor.grading.feedback import CheckFailed, LearnerError, sentences

UNSEEN = "run by the grader on inputs your code never saw"


def _specs(values) -> list:
    """Shapes and dtypes only: what the learner's sandbox may know of the inputs."""
    return [[list(v.shape), v.dtype.name] for v in values]


def _no_gradient(function: str, name: str = "") -> str:
    back = f" back to {name}" if name else ""
    return (f"no gradient flows from {function}()'s output{back}: compute it with TensorFlow operations "
            "(tf.matmul, tf.sigmoid, …), not numpy, so GradientTape can follow it")


def _first_sentence(text: str) -> str:
    """TensorFlow's messages go on ("This error may indicate…"): the first sentence says what broke."""
    end = text.find(". ", 40)
    return text[:end] if end > 0 else text.rstrip(".")


# TensorFlow's words when two tensors of one op differ in precision (a float32 sublayer in a float64 layer)
MIXED_PRECISION = ("expected to be a double tensor but is a float tensor",
                   "expected to be a float tensor but is a double tensor")
MIXED_PRECISION_ADVICE = (
    "Your layer computes in two precisions: sublayers made with keras.layers.Dense(…) compute in float32 "
    "while this layer runs in float64. Create them with dtype=self.dtype_policy (Dense(units, "
    "dtype=self.dtype_policy)), or make the weights with self.add_weight")


def _untraceable(shown: str, where: graph.Untraceable, advice: str) -> str:
    at = f"line {where.line} of {where.file or 'your file'}" if where.line else "your code"
    code = f" (`{where.code}`)" if where.code else ""
    message = _first_sentence(where.message)
    raised = f"{where.exception}: {message}" if message else where.exception
    if any(words in where.message for words in MIXED_PRECISION):
        advice = MIXED_PRECISION_ADVICE
    return sentences(f"{shown} cannot be traced into a TensorFlow graph: {at}{code} raised {raised}", advice)


def _structured(result: graph.GraphResult, traced: graph.Traced):
    if traced.is_tuple or len(result.outputs) > 1:
        return tuple(result.outputs)
    return result.outputs[0]


class TensorFlowChecks:
    # What ``Trial`` gives the mixin (declared for the type checker; set by ``Trial.__init__``).
    _graph: graph.GraphWorkerSlot | None
    _reference: Any
    _mutants: list
    _module: str
    _call_in: Any
    expect_match: Any

    """Mixed into ``Trial``: gradients and layer outputs of the learner's TensorFlow code."""

    def _graph_slot(self) -> graph.GraphWorkerSlot:
        if self._graph is None:
            raise graph.GraphWorkerFault("this grading run has no graph worker (not a function exercise?)")
        self._graph.get()  # started now, it imports TensorFlow while the learner's sandbox traces
        return self._graph

    def _traced(self, op: str, args: tuple, name: str, shown: str, advice: str) -> graph.Traced:
        """Ask the learner's sandbox to trace; a failure to trace fails the check naming their line.
        ``name`` is what their file defines, ``shown`` what was traced."""
        try:
            value = self._call_in(remote.TRACE_MODULE, op, args, {}, name)
        except LearnerError as crashed:  # building or calling it failed before any tracing
            said = str(crashed)
            if any(words in said for words in MIXED_PRECISION):
                # Keras wraps TensorFlow's one useful line in a page of context: keep that line.
                line = next((row.strip() for row in said.splitlines() if "cannot compute" in row), said)
                line = re.sub(r"\s*\[Op:.*$", "", line)
                raise LearnerError(sentences(f"{name}() raised InvalidArgumentError: {line}",
                                             MIXED_PRECISION_ADVICE), crashed.traceback) from None
            raise
        if type(value) is dict and type(value.get("missing")) is str:
            raise CheckFailed(f"your file does not define {name}")
        parsed = graph.parse_trace(value)
        if isinstance(parsed, graph.Untraceable):
            raise CheckFailed(_untraceable(shown, parsed, advice))
        if isinstance(parsed, str):
            raise CheckFailed(f"{shown}: {parsed}")
        return parsed

    def _ran(self, slot: graph.GraphWorkerSlot, traced: graph.Traced, values, wrt, upstream, shown: str):
        try:
            return slot.run(traced, values, wrt, upstream)
        except graph.GraphRefused as refused:
            raise CheckFailed(sentences(f"the TensorFlow graph traced from {shown} {refused}",
                                        "Write it with TensorFlow math, array and neural-network "
                                        "operations only")) from None
        except graph.SandboxDied as died:
            raise graph.SandboxDied(died.status, f"the graph worker running the graph traced from {shown} "
                                                 f"stopped: {died.reason}") from None

    def compare_gradients(self, function: str, args, wrt, *, names=None, rtol: float = 1e-6, seed: int = 0):
        """Compare the gradients through the graph traced from the learner's ``function`` (of a random
        projection of its output, with respect to ``args[i]`` for i in ``wrt``) with the reference's,
        and the graph's output with the reference's output."""
        wrt = [int(i) for i in wrt]
        names = list(names or [f"argument {i}" for i in wrt])
        values = [np.asarray(a) for a in args]
        harness = remote.sibling(self._reference, remote.TF_HARNESS_MODULE)
        expected = harness.gradients(remote.module_name(self._reference), function, values, wrt, seed)
        slot = self._graph_slot()
        traced = self._traced("trace_function", (self._module, function, _specs(values)), function,
                              f"{function}()", "So " + _no_gradient(function))
        got = self._ran(slot, traced, values, wrt, expected["upstream"], f"{function}()")
        self.expect_match(expected["output"], _structured(got, traced), rtol=rtol,
                          label=f"{function}() as the TensorFlow graph it traces to ({UNSEEN})")
        if got.gradients is None:
            raise CheckFailed(_no_gradient(function))
        for name, want, have in zip(names, expected["gradients"], got.gradients):
            if have is None:
                raise CheckFailed(_no_gradient(function, name))
            self.expect_match(want, have, rtol=rtol, label=f"the gradient of {function}() with respect to {name}")
        return list(got.gradients)

    def compare_layer(self, class_name: str, init_kwargs: dict, inputs, weights, *, rtol: float = 1e-6,
                      label: str = ""):
        """Build the learner's Keras layer ``class_name`` on the shapes of ``inputs``, give it ``weights``
        (in the order the lesson fixes), trace its call, run that graph on ``inputs`` and compare the
        output with the reference layer's; name a known mistake when a mutant's output matches."""
        harness = remote.sibling(self._reference, remote.TF_HARNESS_MODULE)
        values = [np.asarray(x) for x in inputs]
        request = (class_name, dict(init_kwargs), values, list(weights))
        expected = harness.layer_output(remote.module_name(self._reference), *request)
        slot = self._graph_slot()
        traced = self._traced("trace_layer", (self._module, class_name, dict(init_kwargs), _specs(values),
                                              list(weights)), class_name, f"{class_name}.call()",
                              "Use TensorFlow operations in call(): no numpy, no .numpy(), and tf.where "
                              "rather than a Python if on a tensor")
        got = _structured(self._ran(slot, traced, values, (), None, f"{class_name}.call()"), traced)
        difference = compare_values(expected, got, rtol)
        if difference is None:
            return got
        parts = [f"{label or class_name}: {difference}"]
        for mutant in self._mutants:
            try:
                value = harness.layer_output(remote.module_name(mutant.module), *request)
            except Exception:  # noqa: BLE001  (a mutant may crash where the learner's layer did not)
                continue
            if compare_values(expected, value, rtol, nan_equal=True) is None:
                continue
            if compare_values(value, got, max(rtol, 1e-9), nan_equal=True) is None:
                parts.append(f"This matches a known mistake: {mutant.mistake}.")
                raise CheckFailed(sentences(*parts), mutant.mistake)
        raise CheckFailed(sentences(*parts))
