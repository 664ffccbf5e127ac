"""Which isolation layers this machine gives a sandbox, named the same way everywhere.

basic = L1, standard = L1 + L2, strong = L1 + L2 + L3 (DESIGN §3). This version implements L1;
asking for a level that is not available fails closed with the reason.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

LEVELS = {"basic": ("L1",), "standard": ("L1", "L2"), "strong": ("L1", "L2", "L3")}
LAYER_NAMES = {
    "L1": "process limits, own session, unprivileged uid when root",
    "L2": "Landlock and seccomp",
    "L3": "bubblewrap namespaces",
}


class IsolationUnavailable(RuntimeError):
    """The requested isolation level cannot be given here; the message says why."""


@dataclass(frozen=True)
class Isolation:
    level: str
    layers: tuple[str, ...]
    missing: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"level": self.level, "layers": list(self.layers), "missing": dict(self.missing)}

    def describe(self) -> str:
        text = f"{self.level} ({' + '.join(self.layers)})"
        if self.missing:
            text += "; missing: " + "; ".join(f"{k}: {v}" for k, v in self.missing.items())
        return text


def missing_layers() -> dict[str, str]:
    """Each layer this machine lacks, with the reason."""
    if sys.platform == "win32":
        return {"L1": "Windows is not supported", "L2": "Linux only", "L3": "Linux only"}
    if not sys.platform.startswith("linux"):
        return {"L2": "Landlock and seccomp are Linux only", "L3": "bubblewrap is Linux only"}
    return {
        "L2": "not implemented in this dltutor version (Landlock + seccomp are planned)",
        "L3": "not implemented in this dltutor version (bubblewrap is planned)",
    }


def resolve(requested: str | None = None) -> Isolation:
    """The strongest available level, or exactly ``requested``; raises when it is unavailable."""
    missing = missing_layers()
    if requested is not None and requested not in LEVELS:
        raise IsolationUnavailable(f"unknown isolation level {requested!r} (use {', '.join(LEVELS)})")
    if requested is None:
        for level in ("strong", "standard", "basic"):
            if not set(LEVELS[level]) & set(missing):
                requested = level
                break
        else:
            raise IsolationUnavailable("no isolation level is available: " + "; ".join(missing.values()))
    lacking = [layer for layer in LEVELS[requested] if layer in missing]
    if lacking:
        reasons = "; ".join(f"{layer} ({LAYER_NAMES[layer]}): {missing[layer]}" for layer in lacking)
        raise IsolationUnavailable(f"isolation level {requested!r} is not available here: {reasons}")
    return Isolation(requested, LEVELS[requested], {k: v for k, v in missing.items()})
