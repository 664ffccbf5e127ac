"""Plain-data wire format between the grader and a sandbox: length-prefixed JSON, arrays as .npy.

Both sides import this module, so it depends on the standard library and numpy only, and numpy
only once an array is sent or received: the grader can start a sandbox before it imports numpy.
The grader treats every frame as hostile: sizes are capped, arrays are read with ``allow_pickle=False`` and
only numeric or boolean dtypes are accepted; anything else raises ``WireError``.
"""

from __future__ import annotations

import base64
import io
import json
import math
import struct
import sys
from dataclasses import dataclass

HEADER = struct.Struct(">Q")
MAX_FRAME_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32
NUMERIC_KINDS = frozenset("biufc")


class WireError(ValueError):
    """Raised when a frame is malformed, too large, or holds something that is not plain data."""


@dataclass(frozen=True)
class Handle:
    """A value that stayed inside the sandbox (e.g. a layer cache), referred to by number."""

    id: int
    type: str


def encode(value, keep=None, _depth: int = 0):
    """Turn a value into JSON-ready plain data; values that are not plain data go to ``keep``.

    ``keep`` is a callable storing an object and returning its handle number (sandbox side);
    without it, a value that is not plain data raises ``WireError``.
    """
    if _depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if value is None or type(value) in (bool, str):
        return value
    if type(value) is int:
        return value if abs(value) < 2**63 else {"$float": repr(float(value))}
    if type(value) is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    np = sys.modules.get("numpy")  # no numpy imported yet: nothing here can be an array
    if np is not None and isinstance(value, np.ndarray) and value.dtype.kind in NUMERIC_KINDS:
        return {"$nd": _npy_bytes(np.array(value, copy=True)), "$type": type(value).__name__}
    if np is not None and isinstance(value, np.generic) and value.dtype.kind in NUMERIC_KINDS:
        return {"$np": _npy_bytes(np.asarray(value)), "$type": type(value).__name__}
    if type(value) in (list, tuple):
        items = [encode(v, keep, _depth + 1) for v in value]
        return items if type(value) is list else {"$tuple": items}
    if type(value) is Handle:  # a value the sandbox kept, sent back by reference
        return {"$handle": value.id, "$type": value.type}
    if type(value) is dict and all(type(k) is str for k in value):
        return {"$dict": {k: encode(v, keep, _depth + 1) for k, v in value.items()}}
    if keep is None:
        raise WireError(f"cannot send a value of type {type(value).__name__}")
    return {"$handle": keep(value), "$type": type(value).__name__}


def decode(data, _depth: int = 0):
    """Rebuild plain values from ``encode``'s output, trusting nothing about it."""
    if _depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [decode(v, _depth + 1) for v in data]
    if type(data) is not dict or len(data) not in (1, 2):
        raise WireError("unexpected structure")
    if "$tuple" in data:
        return tuple(decode(v, _depth + 1) for v in _expect(data["$tuple"], list))
    if "$dict" in data:
        items = _expect(data["$dict"], dict)
        return {_expect(k, str): decode(v, _depth + 1) for k, v in items.items()}
    if "$float" in data:
        text = _expect(data["$float"], str)
        if text not in ("nan", "inf", "-inf") and not _is_number(text):
            raise WireError("bad float")
        return float(text)
    if "$nd" in data:
        return _read_npy(_expect(data["$nd"], str))
    if "$np" in data:
        return _read_npy(_expect(data["$np"], str))[()]
    if "$handle" in data:
        return Handle(_expect(data["$handle"], int), _expect(data.get("$type", "object"), str)[:200])
    raise WireError("unknown tag")


def dumps(message: dict) -> bytes:
    """Frame a message: 8-byte big-endian length, then compact JSON."""
    body = json.dumps(message, separators=(",", ":"), allow_nan=False).encode()
    return HEADER.pack(len(body)) + body


def parse_body(body: bytes) -> dict:
    """Parse one frame's body into a dict, or raise ``WireError``."""
    try:
        message = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise WireError(f"not valid JSON: {exc}") from None
    if type(message) is not dict:
        raise WireError("a frame must hold an object")
    return message


def read_frame(read_exact, limit: int = MAX_FRAME_BYTES) -> dict:
    """Read one frame with ``read_exact(n) -> bytes`` (which raises EOFError at end of stream)."""
    (length,) = HEADER.unpack(read_exact(HEADER.size))
    if length > limit:
        raise WireError(f"frame of {length} bytes is over the {limit}-byte limit")
    return parse_body(read_exact(length))


def _npy_bytes(array) -> str:
    import numpy as np  # noqa: PLC0415  (already imported: the value is an array)

    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _read_npy(text: str):
    import numpy as np  # noqa: PLC0415  (imported on the first array: the wire itself stays light)

    try:
        raw = base64.b64decode(text, validate=True)
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    except Exception as exc:  # noqa: BLE001  (numpy raises many types for corrupt .npy data)
        raise WireError(f"bad array data: {exc}") from None
    if type(array) is not np.ndarray or array.dtype.kind not in NUMERIC_KINDS:
        raise WireError("only numeric arrays may be sent")
    return array


def _expect(value, kind):
    if type(value) is not kind:
        raise WireError(f"expected {kind.__name__}")
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _reject_constant(name: str):
    raise WireError(f"bare {name} is not allowed")
