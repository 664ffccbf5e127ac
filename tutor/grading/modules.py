"""Imports trusted course code (checks, reference solutions, mutants) into the grader, cached."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from tutor.course import Course, Exercise

_cache: dict[tuple[str, int, int], ModuleType] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class LoadedMutant:
    name: str
    mistake: str
    module: Any  # a module imported here, or a ``remote.RemoteModule`` in a TensorFlow worker


def load_trusted(path: Path, kind: str, provides: dict[str, ModuleType] | None = None) -> ModuleType:
    """Import the course file at ``path`` under a private module name; reloads when it changes.

    ``provides`` maps module names (earlier exercise ids) to modules made importable only while
    this file is imported, so a reference can ``from dense import dense_forward``.
    """
    path = Path(path).resolve()
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _lock:
        if key in _cache:
            return _cache[key]
        name = f"_dltutor_{kind}_{hashlib.sha1(str(path).encode()).hexdigest()[:12]}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"{path}: not a Python file that can be imported")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        provided = provides or {}
        shadowed = {k: sys.modules[k] for k in provided if k in sys.modules}
        sys.modules.update(provided)
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(name, None)
            raise
        finally:
            for provided_name in provided:  # not `key`: that one names this module in the cache
                sys.modules.pop(provided_name, None)
            sys.modules.update(shadowed)
        _cache[key] = module
        return module


def checks_of(exercise: Exercise) -> list:
    """The check functions of an exercise, in the order checks.py defines them."""
    module = load_trusted(exercise.checks_path, "checks")
    found = [f for f in vars(module).values() if hasattr(f, "__dltutor_check__")]
    if not found:
        raise ValueError(f"{exercise.checks_path}: defines no @check functions")
    return found


def _earlier_references(course: Course, exercise: Exercise) -> dict[str, ModuleType]:
    return {used: reference_of(course, course.get(used)) for used in course.uses_of(exercise)}


def reference_of(course: Course, exercise: Exercise) -> ModuleType:
    return load_trusted(exercise.solution_path, "reference", _earlier_references(course, exercise))


def mutants_of(course: Course, exercise: Exercise) -> list[LoadedMutant]:
    provides = _earlier_references(course, exercise)
    return [LoadedMutant(m.name, m.mistake, load_trusted(m.path, "mutant", provides)) for m in exercise.mutants]
