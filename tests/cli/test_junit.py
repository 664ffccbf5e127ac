"""JUnit XML that real consumers read: valid against Jenkins' junit-10 shape and the strict
"windyroad" shape, and parsed the same by two independent readers (junitparser, xunitparser)."""

from __future__ import annotations

import io
from xml.etree import ElementTree as ET

import pytest

from tests.support import SCHEMAS
from tutor.batch import SubmissionResult
from tutor.grading.report import CheckResult, GradeReport
from tutor.reporters import junit

SCHEMA_FILES = {"jenkins junit-10": SCHEMAS / "junit.xsd", "windyroad (strict)": SCHEMAS / "junit-strict.xsd"}
VERSIONS = {"dltutor": "0.1.0", "python": "3.11.7", "numpy": "2.0", "course": "fixture 1.0.0"}


def report(exercise, status, checks, **extra) -> GradeReport:
    return GradeReport(exercise, status, sum(c.points for c in checks), sum(c.max_points for c in checks),
                       tuple(checks), seed=7, isolation={"level": "standard"}, device={"name": "cpu"},
                       versions=VERSIONS, **extra).made_safe()


def make_class() -> list[SubmissionResult]:
    alice = [report("double", "passed", [CheckResult("doubles a vector", "passed", 1, 1)], duration_s=0.00001),
             report("scale", "passed", [CheckResult("scales", "passed", 1, 1)], duration_s=1.5)]
    bob = [report("double", "failed", [CheckResult("doubles a vector", "passed", 1, 1),
                                       CheckResult("random matrices", "failed", 0, 2, "expected 4, got 6",
                                                   "tripled instead of doubled")],
                  stdout="debug print from bob\n", duration_s=0.25),
           report("scale", "error", [CheckResult("scales", "error", 0, 1, "scale() raised NameError")],
                  traceback='File "basics/scale.py", line 2, in scale\nNameError: undefined_name\n',
                  duration_s=0.125)]
    carol = [report("double", "timeout", [CheckResult("doubles a vector", "timeout", 0, 1, "ran past 10 s")]),
             report("scale", "skipped", [CheckResult("scales", "skipped", 0, 1, "needs a GPU")],
                    message="this exercise needs a GPU")]
    hostile = [report("double", "failed", [CheckResult("<b>&\x1b[31m", "failed", 0, 1, "\x00\ud800 ]]> bad")],
                      stdout="\x07bell\x1b[2J ]]>\n")]
    return [SubmissionResult("alice", "passed", 2, 2, tuple(alice), seed=7),
            SubmissionResult("bob", "error", 1, 4, tuple(bob), seed=7),
            SubmissionResult("carol", "timeout", 0, 2, tuple(carol), seed=7),
            SubmissionResult("mallory\x1b", "failed", 0, 1, tuple(hostile), seed=7),
            SubmissionResult("zed", "ungradable", 0, 0, (), "not a dltutor workspace", seed=7)]


@pytest.fixture(scope="module")
def xml_text() -> str:
    return junit.dumps(make_class())


@pytest.mark.parametrize("schema", SCHEMA_FILES, ids=str)
def test_the_report_is_valid_against_both_published_shapes(xml_text, schema):
    xmlschema = pytest.importorskip("xmlschema")
    xmlschema.XMLSchema(SCHEMA_FILES[schema]).validate(io.StringIO(xml_text))


def test_shape_details_the_strict_readers_need(xml_text):
    root = ET.fromstring(xml_text)
    assert root.tag == "testsuites" and root.attrib == {}  # no totals: the strict shape allows none
    names = [p.get("name") for p in root.iter("property")]
    assert len(names) == len(set(names))  # unique in the whole document
    suites = {s.get("name"): s for s in root}
    assert [s.get("id") for s in root] == [str(i) for i in range(len(root))]
    for suite in root:
        assert [c.tag for c in suite][0] == "properties" and [c.tag for c in suite][-2:] == ["system-out", "system-err"]
        assert suite.get("timestamp") and "+" not in suite.get("timestamp") and suite.get("hostname")
        for case in suite.iter("testcase"):
            float(case.get("time"))
    assert suites["alice/double"].get("time") == "0.000"  # never 1e-05
    bob_double = suites["bob/double"]
    assert bob_double.find("system-out").text == "debug print from bob\n"
    assert (bob_double.get("tests"), bob_double.get("failures"), bob_double.get("errors")) == ("2", "1", "0")
    assert "undefined_name" in suites["bob/scale"].find("system-err").text
    assert suites["bob/scale"].find("testcase/error").get("type") == "error"
    assert suites["carol/double"].find("testcase/error").get("type") == "timeout"
    assert suites["carol/scale"].get("skipped") == "1"
    assert suites["zed"].find("testcase/error").get("type") == "ungradable"
    assert sum(float(c.get("time")) for c in suites["bob/double"].iter("testcase")) == pytest.approx(0.25)


def test_junitparser_reads_every_suite_case_and_output(xml_text, tmp_path):
    junitparser = pytest.importorskip("junitparser")
    path = tmp_path / "report.xml"
    path.write_text(xml_text, encoding="utf-8")
    suites = {s.name: s for s in junitparser.JUnitXml.fromfile(str(path))}
    assert len(suites) == 8
    assert suites["bob/double"].child(junitparser.SystemOut).text == "debug print from bob\n"
    assert "undefined_name" in suites["bob/scale"].child(junitparser.SystemErr).text
    cases = {c.name: c for c in suites["bob/double"]}
    assert cases["random matrices"].result[0].message == "expected 4, got 6"
    assert all(c.time >= 0 for s in suites.values() for c in s)
    assert isinstance(list(suites["carol/scale"])[0].result[0], junitparser.Skipped)


def test_xunitparser_reads_the_whole_class(xml_text, tmp_path):
    xunitparser = pytest.importorskip("xunitparser")
    path = tmp_path / "report.xml"
    path.write_text(xml_text, encoding="utf-8")
    suite, result = xunitparser.parse(str(path))  # fails on a property name seen twice
    assert result.testsRun == 9
    assert (len(result.failures), len(result.errors), len(result.skipped)) == (2, 3, 1)
    assert "bob/double.score" in suite.properties and "alice/scale.seed" in suite.properties


def test_hostile_text_is_shown_escaped_not_interpreted(xml_text):
    root = ET.fromstring(xml_text)
    hostile = next(s for s in root if s.get("name").startswith("mallory"))
    assert "\\x1b" in hostile.get("name") and "\x1b" not in xml_text and "\x00" not in xml_text
    assert "<b>&" in hostile.find("testcase").get("name")
    assert "\\x07bell" in hostile.find("system-out").text
