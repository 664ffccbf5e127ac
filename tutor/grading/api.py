"""The API a course's checks.py uses, all of it importable from here: ``@check``, the ``Trial`` a
check receives, and the helpers checks share.

A check runs in the trusted grader. ``t.call`` runs the learner's function in the sandbox on inputs
the check chose, ``t.run`` does so as feedback wants it (a crash labelled and named, a tuple
expected); ``t.reference`` runs the reference solution here; ``t.compare`` does both and explains
the first difference, naming a known mistake when the learner's value matches one of the exercise's
mutants (``authoring``). Architecture exercises add ``check_model`` and ``reach_target``
(``training_checks``), function exercises ``compare_gradients`` and ``compare_layer`` (``tf_checks``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from tutor.grading.authoring import (
    Authoring,
    difference,
    different,
    exercise_of,
    first_wrong_step,
    is_are,
    listed,
    matching_variant,
    numeric_gradients,
    same,
)
from tutor.grading.compare import compare as compare_values
from tutor.grading.compare import describe, rel_error
from tutor.grading.feedback import CheckFailed, LearnerError, TrainingNotRun, named_mistake, sentences, signature
from tutor.grading.gradients import numeric_gradient
from tutor.grading.tf_checks import TensorFlowChecks
from tutor.grading.training_checks import TrainingChecks

__all__ = [
    "check",              # @check("what it proves", points=N)
    "CheckFailed",        # raise (or t.fail) when the learner's code ran and is wrong
    "CheckSpec",
    "describe",           # "an array of shape (3, 4) (float64)": a value in the learner's words
    "difference",         # the first difference between two values in words, or None
    "different",          # a random size that differs from others (no square matrix by accident)
    "exercise_of",        # the exercise a checks.py belongs to: exercise_of(__file__).training.target
    "first_wrong_step",   # the first time step t where [:, t] differs
    "is_are",
    "LearnerError",       # the learner's code raised inside the sandbox
    "listed",             # "a, b and c"
    "matching_variant",   # which combination of known mistakes a value matches
    "named_mistake",      # "This matches a known mistake: …."
    "numeric_gradient",   # centred differences of sum(f(x) · dout) with respect to x
    "numeric_gradients",  # … with respect to each of several inputs (a tuple or a dict)
    "rel_error",          # CURRICULUM's relative error
    "same",               # whether two values match to a tolerance
    "sentences",          # message parts joined as sentences, empty ones left out
    "signature",          # "dense_forward(array(2, 3), cache)": a call in feedback
    "TrainingNotRun",
    "Trial",              # what a check receives: t.compare, t.run, t.call, t.reference, t.trials, …
]


@dataclass(frozen=True)
class CheckSpec:
    name: str
    points: float


def check(name: str, points: float = 1.0):
    """Mark a function ``f(trial)`` in checks.py as a check worth ``points``."""

    def mark(function):
        function.__dltutor_check__ = CheckSpec(name, float(points))
        return function

    return mark


class Trial(Authoring, TrainingChecks, TensorFlowChecks):
    """What one check sees: a seeded generator and ways to run learner and reference code."""

    def __init__(self, sandbox, module: str, reference, mutants, rng: np.random.Generator, training=None,
                 graph=None):
        self._sandbox, self._module = sandbox, module
        self._reference, self._mutants = reference, mutants
        self.rng = rng
        self._training = training  # a TrainingRun for architecture exercises, shared by their checks
        self._graph = graph  # a GraphWorkerSlot for function exercises, shared by their checks

    def trials(self, count: int):
        """``count`` independent seeded generators, one per random trial."""
        yield from self.rng.spawn(count)

    def call(self, function: str, *args, **kwargs):
        """Run the learner's ``function`` in the sandbox and return what it returned."""
        return self._call_in(self._module, function, args, kwargs)

    def _call_in(self, module: str, function: str, args, kwargs, shown: str = ""):
        """Call ``module.function`` in the sandbox; ``shown`` is how feedback names the call
        (the harness's describe() runs the learner's build_model())."""
        reply = self._sandbox.call(module, function, args, kwargs)
        if reply.ok:
            return reply.value
        name = shown or function
        if reply.kind == "missing":
            raise CheckFailed(f"your file does not define {name}()")
        if reply.kind == "not_implemented":
            raise CheckFailed(f"{name}() is not implemented yet (it raised NotImplementedError)")
        if reply.kind == "unsendable":
            raise CheckFailed(f"{name}() returned something that is not plain data: {reply.message}")
        call = f"{shown}()" if shown else signature(function, args, kwargs)
        raise LearnerError(f"{call} raised {reply.details.get('exception', 'an exception')}: "
                           f"{reply.message}", reply.traceback)

    def reference(self, function: str, *args, **kwargs):
        """Run the reference solution's ``function`` here, on copies of the arguments."""
        return getattr(self._reference, function)(*copy.deepcopy(args), **copy.deepcopy(kwargs))

    def known_crash(self, crashed: LearnerError, function, args, kwargs) -> str | None:
        """The mistake of the first mutant that raises the same exception on these inputs."""
        for mutant in self._mutants:
            implementation = getattr(mutant.module, function, None)
            if implementation is None:
                continue
            try:
                with np.errstate(all="ignore"):
                    implementation(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            except Exception as exc:  # noqa: BLE001
                if str(crashed).endswith(f"raised {type(exc).__name__}: {exc}"):
                    return mutant.mistake
        return None

    def known_mistake(self, got, rtol, function, args, kwargs, expected=None, part: int | None = None) -> str | None:
        """The mistake of the first mutant whose output (or its element ``part``) equals ``got``."""
        for mutant in self._mutants:
            implementation = getattr(mutant.module, function, None)
            if implementation is None:
                continue
            try:
                with np.errstate(all="ignore"):
                    value = implementation(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            except Exception:  # noqa: BLE001  (a mutant may crash where the learner's code did not)
                continue
            if part is not None:
                if not isinstance(value, (tuple, list)) or len(value) <= part:
                    continue
                value = value[part]
            if expected is not None and compare_values(expected, value, rtol, nan_equal=True) is None:
                continue  # the mutant is right on these inputs: it tells us nothing
            try:
                if compare_values(value, got, max(rtol, 1e-9), nan_equal=True) is None:
                    return mutant.mistake
            except TypeError:
                continue
        return None

    def expect_raises(self, function: str, args=(), kwargs=None, *, exception: str, why: str = "") -> None:
        """Fail unless the learner's function raises an exception of the named class."""
        kwargs = kwargs or {}
        reply = self._sandbox.call(self._module, function, args, kwargs)
        call = signature(function, args, kwargs)
        if reply.ok:
            raise CheckFailed(f"{call} should raise {exception}{why}, but returned {describe(reply.value)}")
        if reply.kind in ("missing", "not_implemented"):
            self.call(function, *args, **kwargs)  # reports the same problem in the usual words
        raised = reply.details.get("exception", "")
        if raised != exception:
            raise CheckFailed(f"{call} should raise {exception}{why}, but raised {raised}: {reply.message}")

    def expect(self, condition: bool, message: str) -> None:
        if not condition:
            raise CheckFailed(message)

    def fail(self, message: str, mistake: str = ""):
        """Fail the check; ``mistake`` records the known mistake the message names (for the class summary)."""
        raise CheckFailed(message, mistake)

    describe = staticmethod(describe)
