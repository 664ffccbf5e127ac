"""The one result model: statuses, check results and the GradeReport, as plain frozen data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from tutor.safe_text import clean, clean_data

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
    mistake: str = ""  # the known mistake (a mutant's) the learner's output matched: the class summary counts it


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
    source_sha256: str = ""  # of the learner's file as graded ("" when it could not be read)

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def to_dict(self) -> dict:
        data = asdict(self)
        data["checks"] = [asdict(c) for c in self.checks]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> GradeReport:
        """A report read back from JSON (a shard's results): only known fields, text made safe."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["checks"] = tuple(CheckResult(**{k: v for k, v in c.items() if k in CheckResult.__dataclass_fields__})
                                for c in known.get("checks", ()))
        return cls(**known).made_safe()

    def made_safe(self) -> GradeReport:
        """This report with every string that could hold learner text cleaned (``safe_text``)."""
        checks = tuple(replace(c, name=clean(c.name, 500), message=clean(c.message, 8000),
                               mistake=clean(c.mistake, 500)) for c in self.checks)
        return replace(self, exercise=clean(self.exercise, 200), checks=checks, message=clean(self.message, 8000),
                       traceback=clean(self.traceback, OUTPUT_CAP), stdout=clean(self.stdout, OUTPUT_CAP),
                       training=clean_data(self.training, 2000), isolation=clean_data(self.isolation, 2000),
                       device=clean_data(self.device, 500), versions=clean_data(self.versions, 200))
