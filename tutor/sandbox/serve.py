"""The sandbox's request loop (inside the child, after its bootstrap): load learner modules, call their functions.

Nothing here is trusted by the grader: learner code shares this process and may rewrite any of
it, so every answer is only a claim about what the learner's code returned.
"""

from __future__ import annotations

import faulthandler
import linecache
import os
import sys
import traceback
import types

from tutor.sandbox import wire

LEARNER_FRAME_LIMIT = 20


class _Session:
    """The modules loaded for one submission and the values kept back as handles."""

    def __init__(self) -> None:
        self.modules: dict[str, types.ModuleType] = {}
        self.kept: dict[int, object] = {}
        self.filenames: set[str] = set()

    def keep(self, value) -> int:
        number = len(self.kept) + 1
        self.kept[number] = value
        return number

    def resolve(self, value):
        if isinstance(value, wire.Handle):
            return self.kept[value.id]
        if type(value) is list:
            return [self.resolve(v) for v in value]
        if type(value) is tuple:
            return tuple(self.resolve(v) for v in value)
        if type(value) is dict:
            return {k: self.resolve(v) for k, v in value.items()}
        return value


def serve(requests, responses, ready: dict) -> None:
    session = _Session()
    responses.write(wire.dumps(ready))

    def read_exact(n: int) -> bytes:
        chunks, remaining = [], n
        while remaining:
            chunk = requests.read(remaining)
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    while True:
        try:
            request = wire.read_frame(read_exact)
        except EOFError:
            os._exit(0)
        reply = _handle(session, request)
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            frame = wire.dumps(reply)
        except (TypeError, ValueError) as exc:
            frame = wire.dumps({"ok": False, "kind": "unsendable", "message": str(exc)})
        responses.write(frame)


def _handle(session: _Session, request: dict) -> dict:
    op = request.get("op")
    if op not in ("load", "call"):
        return {"ok": False, "kind": "protocol", "message": f"unknown op {op!r}"}
    # Shortly before the grader's deadline, write where the code is (its stack) to stderr, so a
    # timeout can name the function and the line it was in. The grader treats this as untrusted
    # text, like everything else printed here: it only ever words the message.
    remaining = request.get("remaining_s")
    if isinstance(remaining, (int, float)) and remaining > 0.2 and sys.__stderr__ is not None:
        # half a second early: a busy machine is slow to write it
        faulthandler.dump_traceback_later(max(remaining - 0.5, remaining * 0.8), file=sys.__stderr__)
    try:
        return _load(session, request["modules"]) if op == "load" else _call(session, request)
    finally:
        faulthandler.cancel_dump_traceback_later()


def _load(session: _Session, modules: list[dict]) -> dict:
    for spec in modules:
        name, filename, source = spec["name"], spec["filename"], spec["source"]
        session.filenames.add(filename)
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        module = types.ModuleType(name)
        module.__file__ = filename
        sys.modules[name] = module
        try:
            code = compile(source, filename, "exec")
            exec(code, module.__dict__)
        except BaseException as exc:  # noqa: BLE001  (SystemExit and KeyboardInterrupt included)
            sys.modules.pop(name, None)
            return _failure(session, exc, during=f"importing {os.path.basename(filename)}")
        session.modules[name] = module
    return {"ok": True}


def _call(session: _Session, request: dict) -> dict:
    module = session.modules.get(request["module"])
    function = getattr(module, request["function"], None) if module else None
    if not callable(function):
        return {"ok": False, "kind": "missing", "message": request["function"]}
    try:
        args = session.resolve(wire.decode(request["args"]))
        kwargs = session.resolve(wire.decode(request["kwargs"]))
        value = _tensors_as_arrays(function(*args, **kwargs))
        return {"ok": True, "value": wire.encode(value, keep=session.keep)}
    except BaseException as exc:  # noqa: BLE001
        return _failure(session, exc, during=f"calling {request['function']}()")


def _tensors_as_arrays(value, depth: int = 0):
    """TensorFlow / Keras tensors and variables become numpy arrays (a function exercise returns them)."""
    if depth > 32:
        return value
    if type(value) in (list, tuple):
        return type(value)(_tensors_as_arrays(v, depth + 1) for v in value)
    if type(value) is dict:
        return {k: _tensors_as_arrays(v, depth + 1) for k, v in value.items()}
    module = type(value).__module__ or ""
    if module.split(".")[0] in ("tensorflow", "keras") and callable(getattr(value, "numpy", None)):
        import numpy  # noqa: PLC0415  (already imported: it is a preload)

        return numpy.asarray(value.numpy())
    return value


def _failure(session: _Session, exc: BaseException, during: str) -> dict:
    kind = "exception"
    if isinstance(exc, MemoryError):
        kind = "memory"
    elif isinstance(exc, SyntaxError) and exc.filename in session.filenames:
        kind = "syntax"
    elif isinstance(exc, NotImplementedError):
        kind = "not_implemented"
    elif isinstance(exc, SystemExit):
        kind = "exit"
    reply = {
        "ok": False,
        "kind": kind,
        "during": during,
        "exception": type(exc).__name__,
        "message": _safe_str(exc),
        "traceback": _learner_traceback(session, exc),
    }
    if isinstance(exc, SyntaxError):
        reply.update(line=exc.lineno, offset=exc.offset, text=(exc.text or "").rstrip("\n"),
                     filename=exc.filename if exc.filename in session.filenames else "")
    return reply


def _learner_traceback(session: _Session, exc: BaseException) -> str:
    """Format the traceback keeping only frames from the learner's own files."""
    try:
        frames = [
            f for f in traceback.extract_tb(exc.__traceback__) if f.filename in session.filenames
        ][-LEARNER_FRAME_LIMIT:]
        lines = ["Traceback (most recent call last):\n"] if frames else []
        lines += traceback.format_list(frames)
        lines += traceback.format_exception_only(type(exc), exc)
        return "".join(lines)
    except BaseException:  # noqa: BLE001  (a hostile __str__ must not stop the answer)
        return f"{type(exc).__name__}\n"


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)[:2000]
    except BaseException:  # noqa: BLE001
        return "<unprintable>"
