"""The isolation levels and layers by name, and what a sandbox was given: plain data, no probing."""

from __future__ import annotations

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
