"""What a failed check raises and how feedback is worded: the exceptions checks raise, sentences, call signatures."""

from __future__ import annotations

import numpy as np

from tutor.sandbox.wire import Handle


class CheckFailed(Exception):
    """The learner's code ran and is wrong; the message says how, in the learner's terms.
    ``mistake`` names the known mistake (a mutant's) the learner's value matched, if any."""

    def __init__(self, message: str = "", mistake: str = ""):
        super().__init__(message)
        self.mistake = mistake


class TrainingNotRun(Exception):
    """The trusted trainer could not produce a result (``status``: timeout, skipped or ungradable)."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


class LearnerError(Exception):
    """The learner's code raised an exception inside the sandbox."""

    def __init__(self, message: str, traceback: str, mistake: str = ""):
        super().__init__(message)
        self.traceback, self.mistake = traceback, mistake


def sentences(*parts: str) -> str:
    """Join message parts as sentences: 'a: b. Hint. This matches …'; empty parts are left out."""
    out = ""
    for part in filter(None, (p.strip() for p in parts if p)):
        if out and not out.endswith((".", "!", "?", ":")):
            out += "."
        out += (" " if out else "") + part
    return out


def named_mistake(mistake: str) -> str:
    """The sentence that names a known mistake (empty when there is none)."""
    return f"This matches a known mistake: {mistake}." if mistake else ""


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
