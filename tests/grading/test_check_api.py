"""The checks API: comparing one element of a returned tuple still names a known mistake."""

from __future__ import annotations

from pathlib import Path

from tutor.course import load_course
from tutor.validation import grade_candidate

MANIFEST = '''format_version = 1
name = "parts"
version = "1"
[[chapters]]
id = "c"
title = "C"
exercises = ["forward"]
'''
META = '''id = "forward"
title = "A forward pass with a cache"
hints = ["Double it.", "return 2 * x, (x,)"]
[[mutants]]
file = "mutants/tripled.py"
mistake = "tripling instead of doubling"
'''
CHECKS = '''import numpy as np
from tutor.grading.api import check

@check("out is right", points=1)
def out(t):
    t.compare("forward", (np.arange(3.0),), part=0)
'''


def make_pack(root: Path) -> Path:
    (root / "exercises" / "forward" / "mutants").mkdir(parents=True)
    (root / "solutions").mkdir()
    (root / "exercises" / "course.toml").write_text(MANIFEST)
    folder = root / "exercises" / "forward"
    (folder / "exercise.toml").write_text(META)
    (folder / "lesson.md").write_text("# Forward\n")
    (folder / "starter.py").write_text("def forward(x):\n    raise NotImplementedError\n")
    (folder / "checks.py").write_text(CHECKS)
    # the mutant keeps a different cache than the learner: only `out` can match
    (folder / "mutants" / "tripled.py").write_text("def forward(x):\n    return 3 * x, {'x': x}\n")
    (root / "solutions" / "forward.py").write_text("def forward(x):\n    return 2 * x, (x,)\n")
    return root


def test_part_compares_one_element_and_matches_the_mutant_on_it(tmp_path):
    course = load_course(make_pack(tmp_path / "pack"))
    exercise = course.get("forward")
    learner = tmp_path / "learner.py"
    learner.write_text("class Cache:\n    pass\n\ndef forward(x):\n    return 3 * x, Cache()\n")
    report = grade_candidate(course, exercise, learner, seed=1)
    assert report.status == "failed"
    assert "tripling instead of doubling" in report.checks[0].message
    learner.write_text("def forward(x):\n    return x + x, 'any cache'\n")
    assert grade_candidate(course, exercise, learner, seed=1).status == "passed"
    learner.write_text("def forward(x):\n    return x + x\n")
    message = grade_candidate(course, exercise, learner, seed=1).checks[0].message
    assert "expected a tuple of 2 values" in message
