"""What the status bar says about this machine: compute device, sandbox level and why, workspace."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.sandbox.isolation import LAYER_NAMES, Isolation, IsolationUnavailable, resolve


@dataclass(frozen=True)
class MachineInfo:
    """The texts of the status bar; ``isolation_detail`` is the long form for the help screen."""

    device: str
    isolation: str
    isolation_detail: str
    workspace: str
    keras: str = ""  # "Keras: warming up…" while the app starts its TensorFlow workers, then "Keras: ready"


def resolve_isolation() -> tuple[Isolation | None, str, str]:
    """The strongest isolation here, its short description and the full reasons."""
    try:
        isolation = resolve()
    except IsolationUnavailable as exc:
        return None, "sandbox: unavailable", str(exc)
    return isolation, short_isolation(isolation), long_isolation(isolation)


def short_isolation(isolation: Isolation) -> str:
    """``sandbox: basic (L1); no L2, L3: not implemented …``: the level, and why it is not stronger."""
    text = f"sandbox: {isolation.level} ({' + '.join(isolation.layers)})"
    if isolation.missing:
        reasons = list(dict.fromkeys(reason.split(" (")[0] for _, reason in sorted(isolation.missing.items())))
        text += f"; no {', '.join(sorted(isolation.missing))}: {'; '.join(reasons)}"
    return text


def long_isolation(isolation: Isolation) -> str:
    lines = [f"Sandbox level {isolation.level}: " + "; ".join(
        f"{layer} ({LAYER_NAMES.get(layer, layer)})" for layer in isolation.layers)]
    for layer, reason in sorted(isolation.missing.items()):
        lines.append(f"Missing {layer} ({LAYER_NAMES.get(layer, layer)}): {reason}")
    return "\n".join(lines)


def home_relative(path: Path) -> str:
    """``~/…`` for paths under the home folder, else the absolute path."""
    path = Path(path)
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)
