"""A learner's progress per exercise, written atomically; a corrupt file is kept aside, never lost."""

from __future__ import annotations

import contextlib
import fcntl
import json
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from tutor.atomic import write_atomic
from tutor.grading.report import PASSED, TODO, GradeReport

FORMAT = 1


@dataclass(frozen=True)
class ExerciseProgress:
    status: str = TODO
    attempts: int = 0
    hints_shown: int = 0
    best_score: float = 0.0
    max_score: float = 0.0
    first_checked: float = 0.0
    last_checked: float = 0.0
    passed_at: float = 0.0

    @property
    def ever_passed(self) -> bool:
        return self.passed_at > 0


class ProgressStore:
    """Reads and updates ``.dltutor/progress.json`` under a file lock."""

    def __init__(self, marker_dir: Path):
        self.path = Path(marker_dir) / "progress.json"
        self._lock_path = Path(marker_dir) / "lock"
        self.warning = ""

    @contextlib.contextmanager
    def _locked(self):
        self._lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self._lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def load(self) -> dict[str, ExerciseProgress]:
        """All recorded progress; a corrupt file is renamed aside and reported in ``warning``."""
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            entries = data["exercises"]
            return {key: ExerciseProgress(**value) for key, value in entries.items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            aside = self.path.with_name(f"progress.corrupt-{time.strftime('%Y%m%d-%H%M%S')}.json")
            self.path.replace(aside)
            self.warning = (f"progress file {self.path} was unreadable ({exc}); it was kept as "
                            f"{aside} and a new one was started")
            return {}

    def get(self, exercise_id: str) -> ExerciseProgress:
        return self.load().get(exercise_id, ExerciseProgress())

    def _save(self, entries: dict[str, ExerciseProgress]) -> None:
        data = {"format": FORMAT, "exercises": {k: asdict(v) for k, v in sorted(entries.items())}}
        write_atomic(self.path, json.dumps(data, indent=2) + "\n")

    def update(self, exercise_id: str, change) -> ExerciseProgress:
        """Apply ``change(ExerciseProgress) -> ExerciseProgress`` under the lock and save."""
        with self._locked():
            entries = self.load()
            entries[exercise_id] = change(entries.get(exercise_id, ExerciseProgress()))
            self._save(entries)
            return entries[exercise_id]

    def record(self, report: GradeReport) -> ExerciseProgress:
        now = time.time()

        def change(old: ExerciseProgress) -> ExerciseProgress:
            return replace(
                old,
                status=report.status,
                attempts=old.attempts + 1,
                best_score=max(old.best_score, report.score),
                max_score=report.max_score,
                first_checked=old.first_checked or now,
                last_checked=now,
                passed_at=old.passed_at or (now if report.status == PASSED else 0.0),
            )

        return self.update(report.exercise, change)

    def reveal_hint(self, exercise_id: str, available: int) -> ExerciseProgress:
        return self.update(
            exercise_id, lambda old: replace(old, hints_shown=min(available, old.hints_shown + 1))
        )
