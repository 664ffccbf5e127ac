"""Shared by the reference tests: import a reference solution (with the references of the exercises
it uses) and an independent relative error."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
    import tomli as tomllib

from tests.support import REPO

ROOT = REPO


def load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference(exercise_id: str):
    """Import solutions/<id>.py under a private name; the exercises it `uses` are importable by id
    (their references) while it loads, as the learner's earlier files are in the sandbox."""
    meta = tomllib.loads((ROOT / "exercises" / exercise_id / "exercise.toml").read_text())
    provided = {used: reference(used) for used in meta.get("uses", [])}
    saved = {name: sys.modules.get(name) for name in provided}
    sys.modules.update(provided)
    try:
        return load_module(ROOT / "solutions" / f"{exercise_id}.py", f"_reference_{exercise_id}")
    finally:
        for name, old in saved.items():
            if old is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = old


def rel_error(a, b) -> float:
    """CURRICULUM's relative error, written here independently of the grader's."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
