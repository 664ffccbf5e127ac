"""Every correct variant of the course (solutions/variants/<id>_*.py: differently written solutions, one
with a cache that is not plain data) passes the real grader with full points. ``dltutor validate`` proves
the same for any course pack, at more seeds."""

from __future__ import annotations

import pytest

from tests.support import REPO
from tutor.course import load_course
from tutor.validation import grade_candidate, variants

ROOT = REPO
COURSE = load_course(ROOT)
CASES = [pytest.param(exercise.id, path, id=path.stem, marks=[pytest.mark.tensorflow, pytest.mark.timeout(600)]
                      if exercise.mode != "numpy" else [])
         for exercise in COURSE.exercises for path in variants(exercise)]


@pytest.mark.parametrize(("exercise_id", "variant"), CASES)
def test_a_differently_written_correct_solution_passes_with_full_points(exercise_id, variant):
    report = grade_candidate(COURSE, COURSE.get(exercise_id), variant, seed=1234)
    problems = [f"{c.name}: {c.message}" for c in report.checks if c.status != "passed"]
    assert report.status == "passed", problems or report.message
    assert report.score == report.max_score > 0


def test_every_variant_belongs_to_an_exercise_of_the_course():
    found = sorted(path for exercise in COURSE.exercises for path in variants(exercise))
    assert found == sorted((ROOT / "solutions" / "variants").glob("*.py"))
    assert len(found) >= 35
