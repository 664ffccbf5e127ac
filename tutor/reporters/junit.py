"""JUnit XML in the Jenkins/Surefire shape: a testsuite per submission and exercise, a testcase per check."""

from __future__ import annotations

import io

from junitparser import Error, Failure, JUnitXml, Skipped, TestCase, TestSuite

from tutor.grading.report import ERROR, FAILED, PASSED, SKIPPED, GradeReport

WHOLE_EXERCISE = "(exercise)"  # the testcase standing for an exercise that produced no checks


def _result(status: str, message: str):
    if status == PASSED:
        return None
    if status == FAILED:
        return Failure(message or "failed", "failed")
    if status == SKIPPED:
        return Skipped(message or "skipped")
    return Error(message or status, status)  # error, timeout, ungradable


def _testcase(classname: str, name: str, status: str, message: str, detail: str = "") -> TestCase:
    case = TestCase(name, classname)
    result = _result(status, message)
    if result is not None:
        if detail and status != SKIPPED:
            result.text = detail
        case.result = [result]
    return case


def _suite(submission: str, report: GradeReport) -> TestSuite:
    classname = f"{submission}.{report.exercise}"
    suite = TestSuite(f"{submission}/{report.exercise}")
    for name, value in (("submission", submission), ("exercise", report.exercise),
                        ("status", report.status), ("score", f"{report.score:g}"),
                        ("max_score", f"{report.max_score:g}"), ("seed", str(report.seed)),
                        ("isolation", report.isolation.get("level", "")),
                        ("device", report.device.get("name", "")),
                        *((f"version.{k}", str(v)) for k, v in sorted(report.versions.items()))):
        suite.add_property(name, value)
    if report.checks:
        for check in report.checks:
            detail = report.traceback if check.status == ERROR else ""
            suite.add_testcase(_testcase(classname, check.name, check.status, check.message, detail))
    else:
        suite.add_testcase(_testcase(classname, WHOLE_EXERCISE, report.status, report.message, report.traceback))
    if report.stdout:
        suite.system_out = report.stdout
    suite.time = report.duration_s
    suite.update_statistics()
    suite.time = report.duration_s  # update_statistics sums testcase times, which we do not measure
    return suite


def suites(result) -> list[TestSuite]:
    """The testsuites of one SubmissionResult: one per exercise, or one saying why none was graded."""
    if result.exercises:
        return [_suite(result.submission, report) for report in result.exercises]
    suite = TestSuite(result.submission)  # not gradable at all: one suite saying why
    suite.add_testcase(_testcase(result.submission, "(submission)", result.status, result.message))
    suite.update_statistics()
    return [suite]


def dumps(results) -> str:
    """One JUnit document for a list of SubmissionResults."""
    document = JUnitXml("dltutor")
    for result in results:
        for suite in suites(result):
            document.add_testsuite(suite)
    document.update_statistics()
    document.time = round(sum(r.duration_s for r in results), 3)
    buffer = io.BytesIO()
    document.write(buffer, pretty=True)
    return buffer.getvalue().decode("utf-8")
