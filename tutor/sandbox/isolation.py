"""Which isolation layers this machine gives a sandbox, named the same way everywhere.

basic = L1, standard = L1 + L2, strong = L1 + L2 + L3 (docs/architecture.md, Invariants). L1 is the child's own
bootstrap (runner.py, child.py), L2 Landlock + seccomp (landlock.py, seccomp.py, applied by the
child), L3 bubblewrap (bwrap.py). Which layers work is probed once per machine and cached
(probe.py); asking for a level that is not available fails closed with the reason.
"""

from __future__ import annotations

from tutor.sandbox import probe
from tutor.sandbox.levels import LAYER_NAMES, LEVELS, Isolation, IsolationUnavailable

__all__ = ["LAYER_NAMES", "LEVELS", "Isolation", "IsolationUnavailable", "details", "missing_layers", "resolve"]


def missing_layers() -> dict[str, str]:
    """Each layer this machine lacks, with the reason (probed once per machine, then cached)."""
    missing = dict(probe.probed()["missing"])
    for layer in sorted(probe.disabled_layers() & set(LAYER_NAMES)):
        missing.setdefault(layer, f"disabled by ${probe.DISABLE_ENV}")
    return missing


def details() -> dict:
    """What the probe found out about the layers that work (Landlock ABI, seccomp arch, bwrap)."""
    return dict(probe.probed().get("details", {}))


def resolve(requested: str | None = None) -> Isolation:
    """The strongest available level, or exactly ``requested``; raises when it is unavailable."""
    if requested is not None and requested not in LEVELS:
        raise IsolationUnavailable(f"unknown isolation level {requested!r} (use {', '.join(LEVELS)})")
    missing = missing_layers()
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
