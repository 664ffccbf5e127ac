"""The API a course's checks.py uses: ``@check`` and the ``Trial`` it receives.

A check runs in the trusted grader. ``trial.call`` runs the learner's function in the sandbox on
inputs the check chose; ``trial.reference`` runs the reference solution here; ``trial.compare``
does both and explains the first difference, naming a known mistake when the learner's value
matches one of the exercise's mutants. Architecture exercises add ``check_model`` and
``reach_target`` (``training_checks``), function exercises ``compare_gradients`` and
``compare_layer`` (``tf_checks``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from tutor.grading.compare import compare as compare_values
from tutor.grading.compare import describe
from tutor.grading.feedback import CheckFailed, LearnerError, TrainingNotRun, sentences, signature
from tutor.grading.tf_checks import TensorFlowChecks
from tutor.grading.training_checks import TrainingChecks

__all__ = ["CheckFailed", "CheckSpec", "LearnerError", "TrainingNotRun", "Trial", "check", "describe", "signature"]


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


class Trial(TrainingChecks, TensorFlowChecks):
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

    def compare(self, function: str, args=(), kwargs=None, *, reference_args=None,
                reference_kwargs=None, rtol: float = 1e-7, label: str = "", hint: str = "",
                part: int | None = None):
        """Call learner and reference with the same inputs; fail with the first difference.

        ``part`` compares (and matches mutants on) one element of a returned tuple only, e.g. the
        ``out`` of ``(out, cache)``; the whole learner value is returned either way.
        """
        kwargs = kwargs or {}
        ref_args = args if reference_args is None else reference_args
        ref_kwargs = kwargs if reference_kwargs is None else reference_kwargs
        expected = self.reference(function, *ref_args, **ref_kwargs)
        try:
            got = self.call(function, *args, **kwargs)
        except LearnerError as crashed:
            if mistake := self.known_crash(crashed, function, ref_args, ref_kwargs):
                raise LearnerError(sentences(str(crashed), f"This matches a known mistake: {mistake}."),
                                   crashed.traceback, mistake) from None
            raise
        label = label or signature(function, args, kwargs)
        if part is not None:
            if not isinstance(got, (tuple, list)) or len(got) <= part:
                raise CheckFailed(f"{label}: expected a tuple of {len(expected)} values, got {describe(got)}")
            expected_part, got_part = expected[part], got[part]
        else:
            expected_part, got_part = expected, got
        self.expect_match(expected_part, got_part, rtol=rtol, label=label, hint=hint,
                          mutant_call=(function, ref_args, ref_kwargs), part=part)
        return got

    def expect_match(self, expected, got, *, rtol: float = 1e-7, label: str = "", hint: str = "",
                     mutant_call=None, part: int | None = None) -> None:
        """Fail unless ``got`` matches ``expected``; name a known mistake if one matches."""
        difference = compare_values(expected, got, rtol)
        if difference is None:
            return
        parts = [f"{label}: {difference}" if label else difference]
        mistake = mutant_call and self.known_mistake(got, rtol, *mutant_call, expected=expected, part=part)
        if mistake:  # the named mistake says more than the general hint, which would only distract
            parts.append(f"This matches a known mistake: {mistake}.")
        elif hint:
            parts.append(hint)
        raise CheckFailed(sentences(*parts), mistake or "")

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

    def fail(self, message: str):
        raise CheckFailed(message)

    describe = staticmethod(describe)
