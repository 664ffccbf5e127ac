"""JUnit XML that every common reader accepts: a testsuite per submission and exercise, a testcase per check.

The document fits both published shapes CI tools check against: Jenkins' ``junit-10.xsd`` (the
xunit plugin's, which pytest's own output is tested against) and the stricter "windyroad"
``JUnit.xsd`` (Apache Ant's). So:

- ``<testsuites>`` carries no attribute (the strict shape allows none; readers add up the suites);
- each ``<testsuite>`` has ``name``, ``package``, ``id`` (0, 1, …), ``timestamp`` (when the
  report was written, UTC, no timezone), ``hostname``, ``tests``, ``failures``, ``errors``,
  ``skipped``, ``time``, then its children in the strict order ``properties``, the testcases,
  ``system-out`` (the learner's output) and ``system-err`` (their traceback);
- every ``<testcase>`` has ``time``; it holds at most one of ``skipped``, ``error`` or
  ``failure``, the last two with a ``type``;
- times are plain decimals (``0.125``), never ``1e-05``, which neither schema accepts;
- property names are unique in the whole document (``bob/neuron.score``), since one popular
  reader (xunitparser) keeps all suites' properties in one table and fails on a repeated name.

dltutor times each exercise, not each check: a testcase's ``time`` is its share of the exercise's
time, so the testcases add up to the suite. Written with ElementTree rather than junitparser,
whose writer puts totals on ``<testsuites>`` and orders children as the strict shape forbids.
"""

from __future__ import annotations

import socket
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

from tutor.grading.report import ERROR, FAILED, PASSED, SKIPPED, GradeReport
from tutor.safe_text import clean

WHOLE_EXERCISE = "(exercise)"  # the testcase standing for an exercise that produced no checks
WHOLE_SUBMISSION = "(submission)"  # … and for a submission that could not be graded at all


def seconds(value: float) -> str:
    return f"{max(0.0, float(value)):.3f}"


def _hostname() -> str:
    try:
        return clean(socket.gethostname(), 200).strip() or "localhost"
    except OSError:
        return "localhost"


class _Document:
    """Builds the document suite by suite, numbering them and keeping property names unique."""

    def __init__(self):
        self.root = ET.Element("testsuites")
        self.timestamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        self.hostname = _hostname()

    def suite(self, name: str, package: str, duration: float, properties: list[tuple[str, str]],
              cases: list[tuple[str, str, str, str, str]], stdout: str = "", stderr: str = "") -> None:
        """``cases``: (classname, name, status, message, detail) per testcase. Text is cleaned again
        (it was where it entered): a character XML forbids must never reach the document."""
        name, package, stdout, stderr = (clean(t, None) for t in (name, package, stdout, stderr))
        properties = [(clean(k, None), clean(v, None)) for k, v in properties]
        cases = [(clean(a, None), clean(b, None), clean(c, None), clean(d, None), clean(e, None))
                 for a, b, c, d, e in cases]
        counts = {FAILED: 0, ERROR: 0, SKIPPED: 0}
        for _, _, status, _, _ in cases:
            if status != PASSED:
                counts[FAILED if status == FAILED else SKIPPED if status == SKIPPED else ERROR] += 1
        suite = ET.SubElement(self.root, "testsuite", {
            "name": name or "(unnamed)", "package": package or "(unnamed)", "id": str(len(self.root)),
            "timestamp": self.timestamp, "hostname": self.hostname, "tests": str(len(cases)),
            "failures": str(counts[FAILED]), "errors": str(counts[ERROR]), "skipped": str(counts[SKIPPED]),
            "time": seconds(duration)})
        listed = ET.SubElement(suite, "properties")
        for key, value in properties:
            ET.SubElement(listed, "property", {"name": f"{name}.{key}", "value": value})
        share = duration / len(cases) if cases else 0.0
        for classname, case_name, status, message, detail in cases:
            case = ET.SubElement(suite, "testcase", {"name": case_name or "(unnamed)", "classname": classname,
                                                     "time": seconds(share)})
            if status == SKIPPED:
                ET.SubElement(case, "skipped", {"message": message or "skipped"})
            elif status == FAILED:
                ET.SubElement(case, "failure", {"message": message or "failed", "type": "failed"}).text = detail or None
            elif status != PASSED:  # error, timeout, ungradable
                ET.SubElement(case, "error", {"message": message or status, "type": status}).text = detail or None
        ET.SubElement(suite, "system-out").text = stdout or None
        ET.SubElement(suite, "system-err").text = stderr or None

    def dumps(self) -> str:
        ET.indent(self.root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(self.root, encoding="unicode") + "\n"


def _properties(submission: str, report: GradeReport) -> list[tuple[str, str]]:
    return [("submission", submission), ("exercise", report.exercise), ("status", report.status),
            ("score", f"{report.score:g}"), ("max_score", f"{report.max_score:g}"), ("seed", str(report.seed)),
            ("isolation", report.isolation.get("level", "")), ("device", report.device.get("name", "")),
            *((f"version.{k}", str(v)) for k, v in sorted(report.versions.items()))]


def _add_report(document: _Document, submission: str, report: GradeReport) -> None:
    classname = f"{submission}.{report.exercise}"
    if report.checks:
        cases = [(classname, c.name, c.status, c.message, report.traceback if c.status == ERROR else "")
                 for c in report.checks]
    else:
        cases = [(classname, WHOLE_EXERCISE, report.status, report.message, report.traceback)]
    stderr = report.traceback
    if report.message and report.checks:
        stderr = report.message + ("\n\n" + stderr if stderr else "")
    document.suite(f"{submission}/{report.exercise}", submission, report.duration_s, _properties(submission, report),
                   cases, report.stdout, stderr)


def _add_result(document: _Document, result) -> None:
    if result.exercises:
        for report in result.exercises:
            _add_report(document, result.submission, report)
        return
    # not gradable at all: one suite saying why
    document.suite(result.submission, result.submission, 0.0, [("status", result.status)],
                   [(result.submission, WHOLE_SUBMISSION, result.status, result.message, "")], stderr=result.message)


def dumps(results) -> str:
    """One JUnit document for a list of SubmissionResults."""
    document = _Document()
    for result in results:
        _add_result(document, result)
    return document.dumps()
