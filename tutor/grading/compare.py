"""Compares a learner's value with the expected one: type, then shape, then values, in plain words."""

from __future__ import annotations

import numbers

import numpy as np

from tutor.sandbox.wire import Handle

SCALAR_TYPES = (numbers.Real, np.number, np.bool_)


def rel_error(expected, got) -> float:
    """Largest elementwise |a-b| / max(1e-8, |a|+|b|), in float64 (CURRICULUM grading rules)."""
    a = np.asarray(expected, dtype=np.float64)
    b = np.asarray(got, dtype=np.float64)
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def describe(value) -> str:
    """A short name for a value's type and shape, as a learner would say it."""
    if isinstance(value, Handle):
        return f"a {value.type} object"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} ({value.dtype})"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} items"
    if isinstance(value, dict):
        return f"a dict with keys {sorted(value)}"
    return f"{type(value).__name__} {value!r}"[:120]


def compare(expected, got, rtol: float = 1e-7, where: str = "", nan_equal: bool = False):
    """Return None when ``got`` matches ``expected``, else the first difference in words."""
    label = f"{where}: " if where else ""
    if isinstance(expected, np.ndarray):
        return _compare_array(expected, got, rtol, label, nan_equal)
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)) or isinstance(got, Handle):
            return f"{label}expected a tuple of {len(expected)} items, got {describe(got)}"
        if len(got) != len(expected):
            return f"{label}expected {len(expected)} items, got {len(got)}"
        for i, (e, g) in enumerate(zip(expected, got)):
            if message := compare(e, g, rtol, f"{where}[{i}]", nan_equal):
                return message
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"{label}expected a dict with keys {sorted(expected)}, got {describe(got)}"
        if missing := sorted(set(expected) - set(got)):
            return f"{label}missing key(s) {', '.join(map(repr, missing))}"
        if extra := sorted(set(got) - set(expected)):
            return f"{label}unexpected key(s) {', '.join(map(repr, extra))}"
        for key in expected:
            if message := compare(expected[key], got[key], rtol, f"{where}[{key!r}]", nan_equal):
                return message
        return None
    if isinstance(expected, (bool, np.bool_, str)) or expected is None:
        return None if got == expected and type(got) is type(expected) else (
            f"{label}expected {expected!r}, got {describe(got)}")
    if isinstance(expected, SCALAR_TYPES):
        return _compare_scalar(expected, got, rtol, label, nan_equal)
    raise TypeError(f"cannot compare expected values of type {type(expected).__name__}")


def _compare_scalar(expected, got, rtol, label, nan_equal):
    if isinstance(got, np.ndarray) and got.size == 1 and got.dtype.kind in "biuf":
        got = got.reshape(())[()]
    if not isinstance(got, SCALAR_TYPES) or isinstance(got, (bool, np.bool_)):
        return f"{label}expected a number, got {describe(got)}"
    e, g = float(expected), float(got)
    if nan_equal and np.isnan(e) and np.isnan(g):
        return None
    if not np.isfinite(g) and np.isfinite(e):
        return f"{label}expected {e:.6g}, got {g} (not a finite number)"
    if not np.isfinite(e):
        return None if e == g else f"{label}expected {e}, got {g:.8g}"
    if e == g or rel_error(e, g) <= rtol:
        return None
    return f"{label}expected {e:.8g}, got {g:.8g} (relative error {rel_error(e, g):.1e})"


def _compare_array(expected: np.ndarray, got, rtol, label, nan_equal):
    if not isinstance(got, np.ndarray):
        return f"{label}expected a numpy array of shape {expected.shape}, got {describe(got)}"
    if got.shape != expected.shape:
        hint = " (transposed?)" if got.shape == expected.shape[::-1] and got.ndim > 1 else ""
        return f"{label}expected shape {expected.shape}, got {got.shape}{hint}"
    if expected.dtype.kind == "b":
        if got.dtype.kind != "b":
            return f"{label}expected a boolean array, got dtype {got.dtype}"
        bad = np.argwhere(expected != got)
        if bad.size == 0:
            return None
        index = tuple(int(i) for i in bad[0])  # plain numbers: "(0, 2)", not "(np.int64(0), …)"
        return f"{label}first difference at index {index}: expected {bool(expected[index])}, got {bool(got[index])}"
    if got.dtype.kind not in "biuf":
        return f"{label}expected real numbers, got dtype {got.dtype}"
    e, g = expected.astype(np.float64), got.astype(np.float64)
    both_nan = np.isnan(e) & np.isnan(g) if nan_equal else np.zeros(e.shape, bool)
    bad_nan = (np.isnan(g) & ~np.isnan(e)) | (np.isnan(e) & ~np.isnan(g) & ~both_nan)
    if bad_nan.any():
        index = tuple(int(i) for i in np.argwhere(bad_nan)[0])
        count = int(bad_nan.sum())
        return f"{label}got NaN at index {index} ({count} NaN value(s) in total) where a number was expected"
    inf_mismatch = np.isinf(g) & ~(np.isinf(e) & (np.sign(e) == np.sign(g)))
    if inf_mismatch.any():
        index = tuple(int(i) for i in np.argwhere(inf_mismatch)[0])
        return f"{label}got {g[index]} at index {index}, expected {e[index]:.6g}"
    same = both_nan | (e == g)
    with np.errstate(invalid="ignore"):
        errors = np.where(same, 0.0, np.abs(e - g) / np.maximum(1e-8, np.abs(e) + np.abs(g)))
    if errors.size == 0 or errors.max() <= rtol:
        return None
    index = tuple(int(i) for i in np.argwhere(errors > rtol)[0])
    where = f" at index {index}" if index else ""
    return (
        f"{label}values differ{where}: expected {e[index]:.8g}, got {g[index]:.8g}; "
        f"max relative error {errors.max():.1e} (tolerance {rtol:.0e})"
    )
