"""The API a course's checks.py uses: ``@check`` and the ``Trial`` it receives.

A check runs in the trusted grader. ``trial.call`` runs the learner's function in the sandbox on
inputs the check chose; ``trial.reference`` runs the reference solution here; ``trial.compare``
does both and explains the first difference, naming a known mistake when the learner's value
matches one of the exercise's mutants.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from tutor.grading.compare import compare as compare_values
from tutor.grading.compare import describe
from tutor.sandbox.wire import Handle


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


class CheckFailed(Exception):
    """The learner's code ran and is wrong; the message says how, in the learner's terms."""


class TrainingNotRun(Exception):
    """The trusted trainer could not produce a result (``status``: timeout or ungradable)."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


class LearnerError(Exception):
    """The learner's code raised an exception inside the sandbox."""

    def __init__(self, message: str, traceback: str):
        super().__init__(message)
        self.traceback = traceback


def _sentences(*parts: str) -> str:
    """Join message parts as sentences: 'a: b. Hint. This matches …'."""
    out = ""
    for part in parts:
        part = part.strip()
        if out and not out.endswith((".", "!", "?", ":")):
            out += "."
        out += (" " if out else "") + part
    return out


KERAS_ERROR_HINTS = {
    "expected min_ndim=4, found ndim=3": "Conv2D needs images with a channel axis: keras.Input(shape=(8, 8, 1)), "
                                         "not (8, 8)",
    "expected ndim=3, found ndim=2": "A recurrent layer reads sequences, (time steps, features per step): "
                                     "keras.Input(shape=(steps, features)), e.g. (8, 8) for 8 rows of 8 "
                                     "pixels or (40, 1) for 40 values of one feature; a recurrent layer that feeds another "
                                     "one needs return_sequences=True",
}


def _keras_hints(message: str) -> list[str]:
    """Plain-words hints for Keras errors learners commonly hit while building a model."""
    return [hint for pattern, hint in KERAS_ERROR_HINTS.items() if pattern in message]


def signature(function: str, args, kwargs) -> str:
    """``neuron(x: (3, 4), w: (4,), b=0.5)``: how a call looks in feedback."""

    def short(value):
        if isinstance(value, np.ndarray):
            return f"array{value.shape}"
        if isinstance(value, Handle):
            return "cache"
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k!r}: {short(v)}" for k, v in value.items()) + "}"
        if isinstance(value, (list, tuple)):
            inner = ", ".join(short(v) for v in value[:4]) + (", …" if len(value) > 4 else "")
            return f"[{inner}]" if isinstance(value, list) else f"({inner})"
        if isinstance(value, float):
            return f"{value:.4g}"
        return repr(value)

    parts = [short(a) for a in args] + [f"{k}={short(v)}" for k, v in (kwargs or {}).items()]
    return f"{function}({', '.join(parts)})"


class Trial:
    """What one check sees: a seeded generator and ways to run learner and reference code."""

    def __init__(self, sandbox, module: str, reference, mutants, rng: np.random.Generator, training=None):
        self._sandbox, self._module = sandbox, module
        self._reference, self._mutants = reference, mutants
        self.rng = rng
        self._training = training  # a TrainingRun for architecture exercises, shared by their checks

    def trials(self, count: int):
        """``count`` independent seeded generators, one per random trial."""
        for child in self.rng.spawn(count):
            yield child

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

    # -- architecture exercises (DESIGN §4): the model is described here, trained by a helper ----
    def check_model(self) -> None:
        """Fail with the first problem of the learner's model (shapes, loss, budgets), untrained."""
        outcome = self._training_outcome()
        if problems := outcome.get("problems"):
            more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
            raise CheckFailed(problems[0] + more)
        if outcome.get("failure"):
            raise TrainingNotRun(outcome["failure"], outcome["reason"])

    def reach_target(self) -> dict:
        """Fail unless the freshly trained model reaches the exercise's target on held-out data."""
        outcome, spec = self._training_outcome(), self._training.spec
        if outcome.get("problems"):
            raise CheckFailed("not trained: fix the model first (see the check above)")
        if outcome.get("failure"):
            raise TrainingNotRun(outcome["failure"], outcome["reason"])
        if outcome.get("skipped"):
            raise TrainingNotRun("skipped", outcome["skipped"])
        if outcome.get("problem"):
            raise CheckFailed(outcome["problem"])
        value, name = outcome["value"], spec.metric
        relation = "≥" if spec.higher_is_better else "≤"
        if not spec.meets(value):
            raise CheckFailed(f"test {name} {value:.4f} on held-out data, but the target is {relation} "
                              f"{spec.target:g} ({spec.dataset}, trained {outcome.get('train_seconds', 0):.0f} s)")
        return outcome

    def train_contrast(self) -> dict:
        """Train the exercise's contrast model (``[training] contrast`` names the learner's builder)
        once the graded one reached its target; shown beside it, never graded. Its result:
        ``{"value", ...}`` or ``{"problem": ...}``."""
        outcome = self.reach_target()
        if not self._training.spec.contrast:
            raise TypeError("this exercise has no contrast model ([training] contrast)")
        if "value" not in outcome:
            return {}
        builder = self._training.spec.contrast
        try:
            return self._training.train_contrast(
                lambda module, function, *args: self._call_in(module, function, args, {}, builder))
        except (CheckFailed, LearnerError) as problem:  # not graded: reported beside the result
            self._training.outcome = {**self._training.outcome, "contrast": {"builder": builder,
                                                                             "problem": str(problem)}}
            return self._training.outcome["contrast"]

    def _training_outcome(self) -> dict:
        if self._training is None:
            raise TypeError("check_model() and reach_target() are for exercises with mode = \"architecture\"")
        if self._training.outcome is None:
            try:
                description = self._training.describe(
                    lambda module, function, *args: self._call_in(module, function, args, {}, "build_model"))
            except ValueError as exc:  # JSONDecodeError included: the sandbox's answer is the learner's
                raise CheckFailed(f"your model could not be described: {exc}") from None
            except LearnerError as crashed:
                self._training.outcome = {"problems": ["build_model() raised an error (see above)"]}
                raise LearnerError(_sentences(str(crashed), *_keras_hints(str(crashed))), crashed.traceback) from None
            if problem := description.get("problem"):
                raise CheckFailed(problem)
            self._training.train(description)
        return self._training.outcome

    def model_layers(self) -> list[dict]:
        """The layers of the learner's model as described (``{"class_name", "config"}`` each, nested
        models flattened), for checks that require a kind of layer: the trainer rebuilt this same config."""
        self._training_outcome()
        return self._training.layers()

    # -- function exercises: TensorFlow code, the reference run in a worker of its own ------------
    def compare_gradients(self, function: str, args, wrt, *, names=None, rtol: float = 1e-6, seed: int = 0):
        """Compare the gradients GradientTape takes through the learner's ``function`` (of a random
        projection of its output, with respect to ``args[i]`` for i in ``wrt``) with the reference's."""
        from tutor.grading.remote import TF_HARNESS_MODULE

        names = list(names or [f"argument {i}" for i in wrt])
        request = (function, list(args), list(wrt), seed)
        expected = self._reference._sibling(TF_HARNESS_MODULE).gradients(self._reference._module, *request)
        got = self._call_in(TF_HARNESS_MODULE, "gradients", (self._module, *request), {}, function)
        for name, want, have in zip(names, expected, got):
            if have is None:
                raise CheckFailed(f"no gradient flows from {function}()'s output back to {name}: compute it "
                                  "with TensorFlow operations (tf.matmul, tf.sigmoid, …), not numpy, so "
                                  "GradientTape can follow it")
            self.expect_match(want, have, rtol=rtol, label=f"the gradient of {function}() with respect to {name}")
        return got

    def compare_layer(self, class_name: str, init_kwargs: dict, inputs, weights, *, rtol: float = 1e-6,
                      label: str = ""):
        """Build the learner's Keras layer ``class_name`` on ``inputs``, give it ``weights`` (in the
        order the lesson fixes) and compare its output with the reference layer's."""
        from tutor.grading.remote import TF_HARNESS_MODULE

        harness = self._reference._sibling(TF_HARNESS_MODULE)
        request = (class_name, dict(init_kwargs), list(inputs), list(weights))
        expected = harness.layer_output(self._reference._module, *request)
        got = self._call_in(TF_HARNESS_MODULE, "layer_output", (self._module, *request), {}, class_name)
        difference = compare_values(expected, got, rtol)
        if difference is None:
            return got
        parts = [f"{label or class_name}: {difference}"]
        for mutant in self._mutants:
            try:
                value = harness.layer_output(mutant.module._module, *request)
            except Exception:  # noqa: BLE001  (a mutant may crash where the learner's layer did not)
                continue
            if compare_values(expected, value, rtol, nan_equal=True) is None:
                continue
            if compare_values(value, got, max(rtol, 1e-9), nan_equal=True) is None:
                parts.append(f"This matches a known mistake: {mutant.mistake}.")
                break
        raise CheckFailed(_sentences(*parts))

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
                raise LearnerError(_sentences(str(crashed), f"This matches a known mistake: {mistake}."),
                                   crashed.traceback) from None
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
        if hint:
            parts.append(hint)
        if mutant_call and (mistake := self.known_mistake(got, rtol, *mutant_call, expected=expected, part=part)):
            parts.append(f"This matches a known mistake: {mistake}.")
        raise CheckFailed(_sentences(*parts))

    def known_crash(self, crashed: "LearnerError", function, args, kwargs) -> str | None:
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
