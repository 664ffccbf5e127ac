"""Resource limits for one sandbox, with defaults and the per-exercise overrides from metadata."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a sandbox may use; ``timeout_s`` is wall clock for the whole submission."""

    timeout_s: float = 10.0
    memory_mb: int = 1024
    startup_s: float = 5.0
    output_keep_bytes: int = 64 * 1024
    output_kill_bytes: int = 8 * MIB
    file_bytes: int = 16 * MIB
    open_files: int = 64
    processes: int = 64
    reply_bytes: int = 64 * MIB
    # Modules imported before any learner code, so a warm sandbox waits with them loaded; part of
    # the limits because sandboxes with different preloads are not interchangeable.
    preload: tuple[str, ...] = ("numpy",)

    @property
    def cpu_s(self) -> float:
        return self.timeout_s + 1

    def child_settings(self, processes: int | None) -> dict:
        """The numbers the child applies to itself with setrlimit."""
        return {
            "cpu_s": int(self.cpu_s + self.startup_s),
            "data_bytes": self.memory_mb * MIB,
            "file_bytes": self.file_bytes,
            "open_files": self.open_files,
            "processes": processes,
        }
