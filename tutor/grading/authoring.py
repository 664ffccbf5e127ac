"""Helpers that several exercises' checks share: labelled learner calls, tuple results and named gradients.

Everything here runs in the trusted grader on top of ``Trial``; it never imports TensorFlow.
"""

from __future__ import annotations

import numpy as np

from tutor.grading.compare import compare as compare_values
from tutor.grading.feedback import CheckFailed, LearnerError, sentences, signature


def failed(message: str, mistake: str = "") -> CheckFailed:
    """A CheckFailed that also records the known mistake it names (empty when none)."""
    error = CheckFailed(message)
    error.mistake = mistake
    return error


def learner_error(message: str, traceback: str, mistake: str = "") -> LearnerError:
    """A LearnerError that also records the known mistake it names (empty when none)."""
    error = LearnerError(message, traceback)
    error.mistake = mistake
    return error


def call(t, function: str, args, label: str = "", reference_args=None, kwargs=None, context: str = ""):
    """The learner's ``function(*args, **kwargs)``.

    A crash is reported under ``label`` (so a cache is not printed in full), followed by
    ``context`` and by the mistake of a mutant that crashes the same way on ``reference_args``.
    """
    kwargs = kwargs or {}
    try:
        return t.call(function, *args, **kwargs)
    except LearnerError as crashed:
        message, full = str(crashed), signature(function, args, kwargs)
        if label and message.startswith(full):
            message = label + message[len(full):]
        ref_args = args if reference_args is None else reference_args
        parts = [message, context]
        mistake = t.known_crash(crashed, function, ref_args, kwargs) or ""
        if mistake:
            parts.append(f"This matches a known mistake: {mistake}.")
        raise learner_error(sentences(*filter(None, parts)), crashed.traceback, mistake) from None


def expect_tuple(t, got, names: tuple[str, ...], label: str, context: str = "") -> None:
    """Fail unless ``got`` is a tuple (or list) of ``len(names)`` values."""
    if not isinstance(got, (tuple, list)) or len(got) != len(names):
        raise failed(sentences(f"{label} should return a tuple ({', '.join(names)}), got {t.describe(got)}",
                               *filter(None, [context])))


def difference(expected, got, rtol: float = 1e-7) -> str | None:
    """``compare``'s first difference, with a boolean array's first differing index in plain numbers."""
    if (isinstance(expected, np.ndarray) and expected.dtype.kind == "b" and isinstance(got, np.ndarray)
            and got.dtype.kind == "b" and got.shape == expected.shape):
        bad = np.argwhere(expected != got)
        if bad.size == 0:
            return None
        index = tuple(int(i) for i in bad[0])
        return (f"first difference at index {index}: expected {bool(expected[index])}, got {bool(got[index])} "
                f"({len(bad)} of {expected.size} values differ)")
    return compare_values(expected, got, rtol)


def expect_value(t, expected, got, label: str, *, rtol: float = 1e-7, hint: str = "", mutant_call=None,
                 part: int | None = None, context: str = "") -> None:
    """Like ``Trial.expect_match``, but the hint is given only when no known mistake explains the
    difference: a named mistake says more than a general hint."""
    found = difference(expected, got, rtol)
    if found is None:
        return
    mistake = (mutant_call and t.known_mistake(got, rtol, *mutant_call, expected=expected, part=part)) or ""
    parts = [f"{label}: {found}", context]
    parts.append(f"This matches a known mistake: {mistake}." if mistake else hint)
    raise failed(sentences(*filter(None, parts)), mistake)


def expect_parts(t, expected, got, names: tuple[str, ...], label: str, *, rtol: float = 1e-7,
                 hints: dict[str, str] | None = None, mutant_call=None, context: str = "") -> None:
    """Compare a returned tuple part by part; the message names the first wrong part, says which
    parts are right, gives that part's hint and names a mutant that returns the same tuple."""
    expect_tuple(t, got, names, label, context)
    wrong = {name: difference for name, e, g in zip(names, expected, got)
             if (difference := compare_values(e, g, rtol))}
    if not wrong:
        return
    first = next(iter(wrong))
    parts = [f"{first} of {label}: {wrong[first]}"]
    right = [name for name in names if name not in wrong]
    if right:
        bad = list(wrong)
        parts.append(f"{' and '.join(bad)} {'is' if len(bad) == 1 else 'are'} wrong, "
                     f"{' and '.join(right)} {'is' if len(right) == 1 else 'are'} right")
    if context:
        parts.append(context)
    mistake = (mutant_call and t.known_mistake(tuple(got), rtol, *mutant_call, expected=tuple(expected))) or ""
    if mistake:
        parts.append(f"This matches a known mistake: {mistake}.")
    elif hints and hints.get(first):
        parts.append(hints[first])
    raise failed(sentences(*parts), mistake)


def numeric_gradients(f, inputs: list[np.ndarray], dout: np.ndarray, h: float = 1e-5) -> tuple:
    """Centred-difference gradients of sum(f(*inputs) * dout) with respect to every input."""
    inputs = [np.array(v, dtype=np.float64) for v in inputs]
    grads = []
    for value in inputs:
        grad = np.zeros_like(value)
        flat, out = value.reshape(-1), grad.reshape(-1)
        for i in range(flat.size):
            keep = flat[i]
            flat[i] = keep + h
            plus = np.sum(f(*inputs) * dout)
            flat[i] = keep - h
            minus = np.sum(f(*inputs) * dout)
            flat[i] = keep
            out[i] = (plus - minus) / (2 * h)
        grads.append(grad)
    return tuple(grads)


def well_conditioned(make, numeric, exact, rtol: float = 1e-7, tries: int = 50):
    """A problem from ``make()`` whose numerical gradients agree with the exact ones to ``rtol``.

    Rounding noise can swamp a gradient entry that is nearly zero; such rare inputs are drawn
    again, so the learner is only ever compared with numerical gradients that are meaningful.
    Returns (problem, numerical gradients).
    """
    for _ in range(tries):
        problem = make()
        expected = numeric(problem)
        if compare_values(tuple(exact(problem)), tuple(expected), rtol) is None:
            return problem, expected
    raise RuntimeError("no well-conditioned problem found for the numerical gradient check")
