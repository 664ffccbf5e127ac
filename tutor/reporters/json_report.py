"""JSON output: one GradeReport per exercise, or one record per graded submission (docs/architecture.md, Invariants)."""

from __future__ import annotations

import json

from tutor.grading.report import GradeReport


def dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def report_json(report: GradeReport) -> str:
    return dumps(report.to_dict())
