"""The one result model: statuses, check results and the GradeReport, as plain frozen data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

PASSED, SKIPPED, FAILED, ERROR, TIMEOUT, UNGRADABLE = (
    "passed", "skipped", "failed", "error", "timeout", "ungradable",
)
TODO = "todo"  # only in `list`: never checked
STATUSES = (PASSED, SKIPPED, FAILED, ERROR, TIMEOUT, UNGRADABLE)
SEVERITY = {status: rank for rank, status in enumerate(STATUSES)}
SYMBOLS = {
    PASSED: "✔", SKIPPED: "↷", FAILED: "✘", ERROR: "‼", TIMEOUT: "⏱", UNGRADABLE: "?", TODO: "·",
}
OUTPUT_CAP = 64 * 1024


def worst(statuses) -> str:
    """The most severe status of several (passed when there are none)."""
    return max(statuses, key=SEVERITY.__getitem__, default=PASSED)


def cap(text: str, limit: int = OUTPUT_CAP) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n… cut: {len(text) - limit} more characters\n"


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str
    points: float
    max_points: float
    message: str = ""


@dataclass(frozen=True)
class GradeReport:
    exercise: str
    status: str
    score: float
    max_score: float
    checks: tuple[CheckResult, ...] = ()
    traceback: str = ""
    stdout: str = ""
    isolation: dict = field(default_factory=dict)
    device: dict = field(default_factory=dict)
    seed: int = 0
    duration_s: float = 0.0
    versions: dict = field(default_factory=dict)
    message: str = ""
    training: dict = field(default_factory=dict)  # metric, value, target, … for training exercises

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def to_dict(self) -> dict:
        data = asdict(self)
        data["checks"] = [asdict(c) for c in self.checks]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "GradeReport":
        fields = dict(data)
        fields["checks"] = tuple(CheckResult(**c) for c in fields.get("checks", ()))
        return cls(**fields)
