"""What checks share beyond one call: labelled learner calls, tuple results named part by part,
numerical gradients on well-conditioned inputs, and the known mistake a value matches.

``Authoring`` holds the methods ``Trial`` gets from here (``t.run``, ``t.compare``, ``t.expect_match``,
``t.expect_tuple``, ``t.stable_gradients``, ``t.layer_gradients``); the functions are exported by
``tutor.grading.api`` for checks to use directly. Everything here runs in the trusted grader and
never imports TensorFlow.
"""

from __future__ import annotations

from itertools import product
from pathlib import Path
from typing import Any

import numpy as np

from tutor.course import Exercise, load_course
from tutor.grading.compare import compare as compare_values
from tutor.grading.compare import describe
from tutor.grading.feedback import CheckFailed, LearnerError, named_mistake, sentences, signature
from tutor.grading.gradients import numeric_gradient


def difference(expected, got, rtol: float = 1e-7, where: str = "", nan_equal: bool = False) -> str | None:
    """The first difference between ``got`` and ``expected`` in words (None when they match), with a
    boolean array's count of differing values; ``where`` names the value ("new_params['W1']: …")."""
    found = compare_values(expected, got, rtol, where, nan_equal)
    if (found and isinstance(expected, np.ndarray) and expected.dtype.kind == "b" and isinstance(got, np.ndarray)
            and got.dtype.kind == "b" and got.shape == expected.shape):
        found += f" ({int(np.sum(expected != got))} of {expected.size} values differ)"
    return found


def same(expected, got, rtol: float = 1e-7) -> bool:
    """Whether ``got`` matches ``expected`` (type, shape and values to ``rtol``); never raises."""
    try:
        return compare_values(expected, got, rtol, nan_equal=True) is None
    except TypeError:
        return False


def listed(names) -> str:
    """'a', 'a and b', 'a, b and c'."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def is_are(names) -> str:
    return "is" if len(list(names)) == 1 else "are"


def different(rng, low: int, high: int, *avoid: int) -> int:
    """A random size in [low, high), moved up past the sizes in ``avoid`` (so no matrix is square)."""
    value = int(rng.integers(low, high))
    while value in avoid:
        value += 1
    return value


def numeric_gradients(f, inputs, dout=1.0, h: float = 1e-5):
    """Centred-difference gradients of sum(f(...) · dout) with respect to each input.

    ``inputs`` is a tuple (or list) of arrays, called as ``f(*inputs)``, giving a tuple of gradients, or
    a dict of arrays, called as ``f(inputs)``, giving a dict keyed alike. Use a random ``dout`` for an
    output with several values (all ones can hide a wrong gradient), 1.0 for a loss.
    """
    if isinstance(inputs, dict):
        return {key: numeric_gradient(lambda v, key=key: f({**inputs, key: v}), value, dout, h)
                for key, value in inputs.items()}

    def with_input(i, value):
        changed = list(inputs)
        changed[i] = value
        return f(*changed)

    return tuple(numeric_gradient(lambda v, i=i: with_input(i, v), value, dout, h) for i, value in enumerate(inputs))


def first_wrong_step(expected, got, rtol: float = 1e-7, from_end: bool = False) -> int | None:
    """The first (or, ``from_end``, the last) time step t where ``[:, t]`` differs, or None."""
    steps = range(expected.shape[1])
    for step in (reversed(steps) if from_end else steps):
        if compare_values(expected[:, step], got[:, step], rtol) is not None:
            return step
    return None


def matching_variant(compute, dimensions, got, most: int = 2, rtol: float = 1e-9) -> list[str]:
    """The mistakes of the first combination of known variants whose value equals ``got``.

    ``dimensions`` is a sequence of dicts, one per way to go wrong, each mapping a choice to the words
    for that mistake; the first choice of each is the right one (its words None). ``compute(*choices)``
    computes the value with those choices (None to skip a combination). Combinations with one wrong
    choice are tried first, then two, up to ``most``; one that makes no difference here is skipped.
    """
    right = tuple(next(iter(d)) for d in dimensions)

    def wrong(combo):
        return sum(a != b for a, b in zip(combo, right))

    with np.errstate(all="ignore"):
        expected = compute(*right)
        for combo in sorted((c for c in product(*dimensions) if 0 < wrong(c) <= most), key=wrong):
            candidate = compute(*combo)
            if candidate is None or same(expected, candidate):
                continue  # this mistake makes no difference on these inputs
            if same(candidate, got, rtol):
                return [d[c] for d, c in zip(dimensions, combo) if d[c]]
    return []


def exercise_of(checks_file: str) -> Exercise:
    """The exercise a checks.py belongs to (call it with ``__file__``), so that check names can be built
    from the data they test: ``@check(f"test accuracy ≥ {exercise_of(__file__).training.target:g}")``."""
    path = Path(checks_file).resolve()
    return load_course(path.parents[2]).get(path.parent.name)


def _say(text, expected, got) -> str:
    """A hint or an explanation: a string, or a callable of (expected, got) computed only when needed."""
    return (text(expected, got) or "") if callable(text) else text


class Authoring:
    """Trial's methods for checks: one learner call, one comparison, one stable gradient problem."""

    # What ``Trial`` gives the mixin (declared for the type checker).
    call: Any
    reference: Any
    known_crash: Any
    known_mistake: Any

    def run(self, function: str, args=(), kwargs=None, *, label: str = "", reference_args=None,
            reference_kwargs=None, returns: tuple[str, ...] = (), context: str = ""):
        """The learner's ``function(*args, **kwargs)``, as feedback wants it.

        A crash is reported under ``label`` (so a cache is not printed in full) and named when a mutant
        crashes the same way on ``reference_args``; ``context`` is added to every failure raised here;
        ``returns=("out", "cache")`` fails unless a tuple of that many values comes back.
        """
        kwargs = kwargs or {}
        try:
            got = self.call(function, *args, **kwargs)
        except LearnerError as crashed:
            message, full = str(crashed), signature(function, args, kwargs)
            if label and message.startswith(full):
                message = label + message[len(full):]
            mistake = crashed.mistake or self.known_crash(
                crashed, function, args if reference_args is None else reference_args,
                kwargs if reference_kwargs is None else reference_kwargs) or ""
            raise LearnerError(sentences(message, context, named_mistake(mistake)), crashed.traceback,
                               mistake) from None
        except CheckFailed as failed:
            if not context:
                raise
            raise CheckFailed(sentences(str(failed), context), failed.mistake) from None
        if returns:
            self.expect_tuple(got, returns, label or signature(function, args, kwargs), context)
        return got

    def try_call(self, function: str, *args, **kwargs):
        """The learner's value, or None where the call crashes or fails (for a diagnosis that probes)."""
        try:
            return self.call(function, *args, **kwargs)
        except (LearnerError, CheckFailed):
            return None

    def blows_up(self, function: str, args=(), kwargs=None) -> bool:
        """Whether the learner's ``function`` returns NaN or inf on these inputs (a crash is False: the
        comparison reports it)."""
        got = self.try_call(function, *args, **(kwargs or {}))
        return isinstance(got, np.ndarray) and got.dtype.kind == "f" and not bool(np.all(np.isfinite(got)))

    def passes(self, function: str, args=(), kwargs=None, *, part: int | None = None, rtol: float = 1e-7) -> bool:
        """Whether the learner's ``function`` is right on these inputs (``part``: that element of the
        returned tuple); a crash is False. Probing variants of failing inputs tells what is wrong."""
        kwargs = kwargs or {}
        got, expected = self.try_call(function, *args, **kwargs), self.reference(function, *args, **kwargs)
        if part is not None:
            if not isinstance(got, (tuple, list)) or len(got) <= part:
                return False
            got, expected = got[part], expected[part]
        return got is not None and same(expected, got, rtol)

    def compare(self, function: str, args=(), kwargs=None, *, reference_args=None, reference_kwargs=None,
                expected=None, rtol: float = 1e-7, label: str = "", against: str = "", hint="", hints=None,
                explain=None, returns: tuple[str, ...] = (), part: int | None = None, context: str = "",
                name_mistakes: bool = True):
        """Call learner and reference with the same inputs; fail with the first difference.

        ``reference_args`` go to the reference (and the mutants) instead, e.g. the reference's cache
        where the learner gets its own; ``expected`` replaces the reference's value (say, numerical
        gradients, named by ``against``). ``returns`` names the values of a returned tuple: they are
        compared one by one (``hints`` per name), or only the one at ``part`` (e.g. the ``out`` of
        ``(out, cache)``). ``hint`` is said when no known mistake is named; ``explain`` is always said;
        either may be a callable of (expected, got), computed only on a difference. Returns the
        learner's whole value.
        """
        kwargs = kwargs or {}
        ref_args = args if reference_args is None else reference_args
        ref_kwargs = kwargs if reference_kwargs is None else reference_kwargs
        reference = self.reference(function, *ref_args, **ref_kwargs)
        expected = reference if expected is None else expected
        label = label or signature(function, args, kwargs)
        got = self.run(function, args, kwargs, label=label, reference_args=ref_args, reference_kwargs=ref_kwargs,
                       returns=returns, context=context)
        label += f" against {against}" if against else ""
        mutant_call = (function, ref_args, ref_kwargs) if name_mistakes else None
        options = {"rtol": rtol, "explain": explain, "context": context, "mutant_call": mutant_call}
        if part is None and len(returns) > 1:
            self.expect_parts(expected, got, returns, label, hint=hint, hints=hints, reference=reference, **options)
        elif part is not None:
            if not isinstance(got, (tuple, list)) or len(got) <= part:
                raise CheckFailed(f"{label}: expected a tuple of {len(expected)} values, got {describe(got)}")
            label = f"{returns[part]} of {label}" if returns else label
            self.expect_match(expected[part], got[part], label=label, hint=(hints or {}).get(returns[part], hint)
                              if returns else hint, part=part, reference=reference[part], **options)
        else:
            self.expect_match(expected, got, label=label, hint=hint, reference=reference, **options)
        return got

    def expect_match(self, expected, got, *, rtol: float = 1e-7, label: str = "", hint="", explain=None,
                     context: str = "", mutant_call=None, part: int | None = None, reference=None) -> None:
        """Fail unless ``got`` matches ``expected``; name a known mistake of ``mutant_call``
        (function, args, kwargs) if one matches, else give the hint."""
        found = difference(expected, got, rtol)
        if found is None:
            return
        mistake = (mutant_call and self.known_mistake(got, rtol, *mutant_call, part=part,
                                                      expected=expected if reference is None else reference)) or ""
        parts = [f"{label}: {found}" if label else found, _say(explain, expected, got), context]
        raise CheckFailed(sentences(*parts, named_mistake(mistake) or _say(hint, expected, got)), mistake)

    def expect_parts(self, expected, got, names: tuple[str, ...], label: str, *, rtol: float = 1e-7, hint="",
                     hints=None, explain=None, context: str = "", mutant_call=None, reference=None) -> None:
        """Compare a returned tuple value by value: name the first wrong one and the ones that are right,
        give that one's hint (``hints[name]``), or the known mistake of a mutant returning the same tuple."""
        self.expect_tuple(got, names, label, context)
        wrong = {name: found for name, e, g in zip(names, expected, got) if (found := difference(e, g, rtol))}
        if not wrong:
            return
        first, right = next(iter(wrong)), [name for name in names if name not in wrong]
        parts = [f"{first} of {label}: {wrong[first]}"]
        if right:
            parts.append(f"{listed(wrong)} {is_are(wrong)} wrong, {listed(right)} {is_are(right)} right")
        parts += [_say(explain, expected, got), context]
        mistake = (mutant_call and self.known_mistake(tuple(got), rtol, *mutant_call,
                                                      expected=tuple(expected if reference is None else reference)))
        parts.append(named_mistake(mistake or "") or (hints or {}).get(first) or _say(hint, expected, got))
        raise CheckFailed(sentences(*parts), mistake or "")

    def expect_tuple(self, got, names: tuple[str, ...], label: str, context: str = "") -> None:
        """Fail unless ``got`` is a tuple (or list) of ``len(names)`` values."""
        if not isinstance(got, (tuple, list)) or len(got) != len(names):
            raise CheckFailed(sentences(f"{label} should return a tuple ({', '.join(names)}), got {describe(got)}",
                                        context))

    def stable_gradients(self, make, numeric, exact, *, rtol: float = 1e-8, tries: int = 50):
        """A problem from ``make()`` whose numerical gradients ``numeric(problem)`` agree with the exact
        ones ``exact(problem)`` to ``rtol``; returns (problem, numerical gradients).

        Rounding noise can swamp a gradient entry that is nearly zero; such rare inputs are drawn again,
        so the learner is only compared with numerical gradients that mean something.
        """
        for _ in range(tries):
            problem = make()
            expected = numeric(problem)
            if compare_values(exact(problem), expected, rtol) is None:
                break
        return problem, expected

    def layer_gradients(self, forward: str, backward: str, make, *, kwargs=None, h: float = 1e-5,
                        rtol: float = 1e-8, tries: int = 50):
        """A layer's problem with stable numerical gradients: ``make()`` gives (args, dout); the result
        is (args, dout, gradients of sum(forward(*args)[0] · dout) with respect to every arg), checked
        against the reference's ``backward(dout, cache)``."""
        kwargs = kwargs or {}

        def numeric(problem):
            return numeric_gradients(lambda *a: self.reference(forward, *a, **kwargs)[0], problem[0], problem[1], h)

        def exact(problem):
            grads = self.reference(backward, problem[1], self.reference(forward, *problem[0], **kwargs)[1])
            return tuple(grads) if isinstance(grads, (tuple, list)) else (grads,)

        (args, dout), grads = self.stable_gradients(make, numeric, exact, rtol=rtol, tries=tries)
        return args, dout, grads

