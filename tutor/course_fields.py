"""Reads course TOML files and checks their fields: every problem a ``CourseError`` naming the file
and the field."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REQUIRED = object()


class CourseError(ValueError):
    """A course file is missing or malformed; ``str()`` names the file and the field."""

    def __init__(self, path: Path, message: str, field: str | None = None):
        self.path, self.field = Path(path), field
        where = f"{path}: field '{field}'" if field else str(path)
        super().__init__(f"{where}: {message}")


def read_toml(path: Path) -> dict:
    if not path.is_file():
        raise CourseError(path, "file not found")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CourseError(path, f"not valid TOML: {exc}") from None


def checked_fields(path: Path, data: dict, spec: dict, prefix: str = "") -> dict:
    """Check ``data`` against ``spec`` ({name: (type, default)}), naming the field on error."""
    if unknown := sorted(set(data) - set(spec)):
        raise CourseError(path, f"unknown key (allowed: {', '.join(spec)})", prefix + unknown[0])
    values = {}
    for name, (kind, default) in spec.items():
        if name not in data:
            if default is REQUIRED:
                raise CourseError(path, "missing", prefix + name)
            values[name] = default
            continue
        value = data[name]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise CourseError(path, f"expected {expected}, got {type(value).__name__} {value!r}", prefix + name)
        values[name] = value
    return values


def strings(path: Path, values: list, field: str) -> tuple[str, ...]:
    for i, item in enumerate(values):
        if not isinstance(item, str) or not item.strip():
            raise CourseError(path, "expected a non-empty string", f"{field}[{i}]")
    return tuple(values)


def choice(path: Path, value: str, choices: tuple[str, ...], field: str) -> str:
    if value not in choices:
        raise CourseError(path, f"must be one of {', '.join(choices)}; got {value!r}", field)
    return value
