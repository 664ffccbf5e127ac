"""Buggy learner files (tests/grading/buggy/, written from typical patterns) are graded: none passes, and at least
80% get feedback that names their mistake; the ones that do not are printed for the next author."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
    import tomli as tomllib

from tests.support import REPO, TESTS

ROOT = REPO
CORPUS = TESTS / "grading" / "buggy"
SEED = 1234
NAMED_SHARE = 0.8


def variants() -> list[dict]:
    return tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))["variant"]


def messages(report) -> str:
    return "\n".join([report.message] + [c.message for c in report.checks])


def first_problem(report) -> str:
    for check in report.checks:
        if check.status != "passed":
            return f"[{check.status}] {check.name}: {check.message}"[:300]
    return report.message[:300]


def test_the_manifest_lists_every_file_once_for_an_exercise_of_the_course(real_course):
    listed = [v["file"] for v in variants()]
    assert sorted(listed) == sorted(p.name for p in CORPUS.glob("*.py")), "manifest and files differ"
    assert len(set(listed)) == len(listed) >= 20
    ids = {e.id for e in real_course.exercises}
    for variant in variants():
        assert variant["exercise"] in ids, variant
        assert variant["mistake"].strip() and variant["named"].strip(), variant
    assert len({v["exercise"] for v in variants()}) >= 15, "spread the corpus across the course"


@pytest.mark.timeout(180)
def test_buggy_variants_fail_and_most_get_their_mistake_named(real_course):
    from tutor.grading.warm import WarmSupply
    from tutor.validation import grade_candidate

    warm = WarmSupply()

    def grade(variant):
        exercise = real_course.get(variant["exercise"])
        return variant, grade_candidate(real_course, exercise, CORPUS / variant["file"], seed=SEED, warm=warm)

    try:
        with ThreadPoolExecutor(2) as pool:
            graded = list(pool.map(grade, variants()))
    finally:
        warm.close()

    passed = [v["file"] for v, report in graded if report.status == "passed"]
    faults = [f"{v['file']}: {c.message}" for v, report in graded for c in report.checks if c.status == "ungradable"]
    unnamed = [(v, report) for v, report in graded if v["named"] not in messages(report)]
    lines = [f"{v['file']} ({v['exercise']}: {v['mistake']}), expected {v['named']!r}; got {first_problem(r)}"
             for v, r in unnamed]
    share = 1 - len(unnamed) / len(graded)
    print(f"\n{len(graded) - len(unnamed)} of {len(graded)} buggy variants get their mistake named ({share:.0%})")
    for line in lines:
        print("  not named:", line)
    assert not passed, f"buggy variants that pass every check: {passed}"
    assert not faults, "checks that broke on buggy code (grader faults):\n" + "\n".join(faults)
    assert share >= NAMED_SHARE, "too few mistakes named:\n" + "\n".join(lines)
