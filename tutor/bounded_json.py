"""JSON from untrusted text, with its size and nesting depth bounded on the raw text before parsing.

``json.loads`` recurses once per level, so a deeply nested document raises ``RecursionError`` (or
worse, exhausts the stack of a thread) before any check of the parsed value could run; and a huge
one costs memory first. ``loads`` measures both on the text itself, outside strings, and only then
parses. Standard library only: the grader, the sandbox harness and the trusted helpers share it.
"""

from __future__ import annotations

import json
import re

# A JSON string: a quote, then anything but a quote or a backslash, or an escaped character.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def depth(text: str, stop_after: int | None = None) -> int:
    """How deeply ``text`` nests arrays and objects, brackets inside strings not counted; the scan
    ends as soon as the depth passes ``stop_after``. An unterminated string can only overcount."""
    deepest = level = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            level += 1
            deepest = max(deepest, level)
            if stop_after is not None and deepest > stop_after:
                break
        else:
            level -= 1
    return deepest


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows here")


def loads(text: str | bytes, *, max_bytes: int, max_depth: int):
    """Parse ``text`` as JSON, refusing more than ``max_bytes`` or more than ``max_depth`` levels of
    nesting (and NaN or Infinity) with a ``ValueError`` whose message says which, in plain words."""
    if isinstance(text, (bytes, bytearray)):
        if len(text) > max_bytes:
            raise ValueError(f"the JSON text is {len(text):,} bytes; at most {max_bytes:,} are accepted")
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("the JSON text is not valid UTF-8") from None
    if not isinstance(text, str):
        raise ValueError(f"expected JSON text, got {type(text).__name__}")
    # A character is at least one byte: the cheap test first, the exact one where it matters.
    if len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise ValueError(f"the JSON text is larger than {max_bytes:,} bytes")
    if depth(text, stop_after=max_depth) > max_depth:
        raise ValueError(f"the JSON text is nested more than {max_depth} levels deep")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:  # not expected after the scan; kept so no parse can crash a caller
        raise ValueError(f"the JSON text is nested more than {max_depth} levels deep") from None
    except ValueError as exc:
        raise ValueError(f"not valid JSON: {exc}") from None
