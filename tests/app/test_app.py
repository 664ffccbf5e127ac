"""The Textual app driven with Pilot against a temporary workspace: course, exercise, grading, keys."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import Markdown, ProgressBar, Static, TextArea

from tests.support import FIXTURE_COURSE, REPO
from tests.support.app import build, open_exercise, verdict, wait_for
from tutor import events
from tutor.app.messages import Epoch
from tutor.app.screens.confirm import ConfirmDialog
from tutor.app.screens.course import CourseScreen
from tutor.app.screens.exercise import ExerciseScreen
from tutor.app.screens.help import HelpScreen
from tutor.app.widgets.exercise_list import ExerciseList
from tutor.app.widgets.training import TrainingView
from tutor.course import load_course
from tutor.workspace import Workspace

SIZE = (120, 40)
WRONG = "def double(x):\n    return 3 * x\n"
RIGHT = "def double(x):\n    return 2 * x\n"


def plain(renderable, width: int = 200) -> str:
    """What a Rich renderable or Textual content shows, as plain text."""
    from rich.console import Console

    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def checks_text(app) -> str:
    return plain(app.screen.query_one("#checks", Static).content)


def prompts(app) -> list[str]:
    """The exercise list's entries with runs of spaces collapsed: "✔ passed Double an array 3/3"."""
    return [" ".join(plain(o.prompt, 60).split()) for o in app.screen.query_one(ExerciseList).options]


async def save_and_grade(pilot, text: str, expect: str, timeout: float = 20.0):
    editor = pilot.app.screen.query_one("#editor", TextArea)
    editor.load_text(text)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: pilot.app.checking is None and expect in verdict(pilot.app),
                   timeout=timeout, what=f"verdict {expect}")


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rfind(")") + 2:].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def sandbox_children() -> set[int]:
    """Children of this test process that are sandboxes (their command line runs child.py)."""
    found = set()
    for pid in children_of(os.getpid()):
        try:
            if b"tutor/sandbox/child.py" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.add(pid)
        except OSError:
            continue
    return found


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_first_run_welcomes_and_lists_chapters_with_statuses(course, workspace):
    app = build(course, workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseScreen)
        assert prompts(app) == ["ℹ About this course", "Basics", "· todo Double an array",
                                "· todo Scale using double"]
        assert str(app.screen.query_one("#summary", Static).render()) == "0 of 2 passed"
        lesson = app.screen.query_one("#lesson", Markdown)
        await wait_for(pilot, lambda: "was just created at `/ws`" in lesson.source, what="welcome")
        assert "Ctrl+S" in lesson.source
        await pilot.press("enter")  # on the welcome entry: the first exercise not passed yet
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseScreen), what="exercise screen")
        assert app.screen.exercise.id == "double"


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_selecting_an_exercise_of_the_real_course_shows_its_lesson(tmp_path, monkeypatch):
    monkeypatch.setenv("DLTUTOR_WORKSPACE", str(tmp_path / "ws"))
    course = load_course(REPO)
    app = build(course, Workspace(tmp_path / "ws", course))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down")
        lesson = app.screen.query_one("#lesson", Markdown)
        first = course.exercises[0]
        await wait_for(pilot, lambda: lesson.source.startswith(first.lesson_path.read_text()[:40]),
                       what="the lesson")
        assert first.file in str(app.screen.query_one("#lesson-meta", Static).render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseScreen), what="exercise screen")
        assert app.screen.query_one("#editor", TextArea).text == (tmp_path / "ws" / first.file).read_text()


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_filter_narrows_the_list(course, workspace):
    app = build(course, workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"scale")
        await pilot.pause()
        assert prompts(app) == ["ℹ About this course", "Basics", "· todo Scale using double"]
        assert "1 match" in str(app.screen.query_one("#summary", Static).render())
        await pilot.press("enter", "enter")  # the filter's first match, then open it
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseScreen), what="exercise screen")
        assert app.screen.exercise.id == "scale"


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_wrong_then_right_solution_changes_the_verdict(course, workspace):
    app = build(course, workspace)
    path = workspace.root / "basics" / "double.py"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, "double")
        assert "reference solution opens once you pass" in screen.query_one("#solution-text", Markdown).source
        await save_and_grade(pilot, WRONG, "failed")
        assert path.read_text() == WRONG
        assert "0 of 3 points" in verdict(app)
        table = checks_text(app)
        assert "✘ failed" in table and "doubles a vector" in table
        assert "multiplying by three instead of two" in table
        assert workspace.progress.get("double").status == "failed"

        await save_and_grade(pilot, RIGHT, "passed")
        assert "3 of 3 points" in verdict(app) and "✔ passed" in checks_text(app)
        assert workspace.progress.get("double").ever_passed
        await wait_for(pilot, lambda: "return 2 * x" in screen.query_one("#solution-text", Markdown).source,
                       what="the solution")
        await pilot.press("f10")
        assert screen.query_one("#side").active == "solution"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseScreen), what="course screen")
        assert "✔ passed Double an array 3/3" in prompts(app)
        assert str(app.screen.query_one("#summary", Static).render()) == "1 of 2 passed · score 3/3 (1 checked)"


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_a_syntax_error_is_shown_once_with_its_line(course, workspace):
    app = build(course, workspace)
    async with app.run_test(size=SIZE) as pilot:
        await open_exercise(pilot, "double")
        await save_and_grade(pilot, "def double(x):\n        return 2 * x\n  oops\n", "error")
        assert "double.py, line 3" in verdict(app)
        table = checks_text(app)
        assert table.count("not run: see above") == 2 and "line 3" not in table
        editor = app.screen.query_one("#editor", TextArea)
        editor.cursor_location = (0, 0)
        await pilot.press("ctrl+g")
        assert editor.cursor_location == (2, 2)  # line 3, at its first non-blank character


BROKEN_AT_LINE_6 = ('"""A helper that fails two calls deep."""\n\n\ndef helper(x):\n    y = x * 2\n'
                    '    return y.no_such_attribute\n\n\ndef double(x):\n    return helper(x)\n')


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_go_to_error_puts_the_cursor_on_the_failing_line(course, workspace):
    app = build(course, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, "double")
        editor = screen.query_one("#editor", TextArea)
        await pilot.press("ctrl+g")  # no verdict yet
        await pilot.pause()
        assert any("no error line in the last verdict" in note for note in app.notes_seen)

        await save_and_grade(pilot, BROKEN_AT_LINE_6, "error")
        assert "Ctrl+G puts the cursor on line 6" in str(screen.query_one("#verdict-note", Static).render())
        editor.cursor_location = (0, 0)
        screen.set_focus(None)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert editor.cursor_location[0] == 6 - 1  # the last frame in the learner's file, not the caller's line
        assert editor.has_focus

        app.notes_seen.clear()
        await save_and_grade(pilot, WRONG, "failed")  # a wrong answer has no error line
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert any("no error line in the last verdict" in note for note in app.notes_seen)


def test_error_line_reads_the_last_learner_frame_and_syntax_messages(tmp_path):
    from tutor.app.error_line import error_line
    from tutor.grading.report import CheckResult, GradeReport

    learner = tmp_path / "ws" / "basics" / "double.py"
    traceback = (f'Traceback (most recent call last):\n  File "{learner}", line 10, in double\n'
                 '  File "/venv/lib/python3.11/site-packages/numpy/core/x.py", line 99, in f\n'
                 f'  File "{learner}", line 6, in helper\n'
                 '  File "/venv/lib/python3.11/site-packages/keras/basics/double.py", line 3, in g\n'
                 "AttributeError: no\n")
    assert error_line(GradeReport("double", "error", 0, 1, traceback=traceback), learner, "basics/double.py") == 6
    moved = traceback.replace(str(tmp_path / "ws"), "/sandbox/ws")  # the workspace seen under another root
    assert error_line(GradeReport("double", "error", 0, 1, traceback=moved), learner, "basics/double.py") == 6
    syntax = GradeReport("double", "error", 0, 1, message="double.py, line 3: invalid syntax\n    oops")
    assert error_line(syntax, learner, "basics/double.py") == 3
    in_check = GradeReport("double", "error", 0, 1, checks=(
        CheckResult("c", "error", 0, 1, "not run: double.py, line 12: unexpected indent"),))
    assert error_line(in_check, learner, "basics/double.py") == 12
    assert error_line(GradeReport("double", "failed", 0, 1, message="mydouble.py, line 3: x"),
                      learner, "basics/double.py") is None
    assert error_line(None, learner, "basics/double.py") is None


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_check_key_grades_the_saved_file_not_unsaved_edits(course, workspace):
    app = build(course, workspace)
    path = workspace.root / "basics" / "double.py"
    starter = path.read_text()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, "double")
        screen.query_one("#editor", TextArea).load_text(RIGHT)
        await pilot.pause()
        assert screen.modified and "unsaved" in screen.query_one("#editor").border_subtitle
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.checking is None and "failed" in verdict(app), what="failed")
        assert "not implemented yet" in checks_text(app)
        assert path.read_text() == starter
        assert any("unsaved edits are not included" in n for n in app.notes_seen)


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_hints_unlock_one_at_a_time(course, workspace):
    app = build(course, workspace)
    hints = course.get("double").hints
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, "double")
        view = screen.query_one("#hints-text", Markdown)
        for shown in range(1, len(hints) + 1):
            await pilot.press("f2")
            await wait_for(pilot, lambda: f"Hint {shown} of {len(hints)}" in view.source, what=f"hint {shown}")
            assert hints[shown - 1] in view.source
            assert f"Hint {shown + 1} of" not in view.source
            assert workspace.progress.get("double").hints_shown == shown
        assert screen.query_one("#side").active == "hints"
        await pilot.press("f2")
        await pilot.pause()
        assert workspace.progress.get("double").hints_shown == len(hints)
        assert any("last hint" in note for note in app.notes_seen)


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_reset_asks_first_and_keeps_a_backup(course, workspace):
    app = build(course, workspace)
    path = workspace.root / "basics" / "double.py"
    starter = course.get("double").starter_path.read_text()
    path.write_text(WRONG)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, "double")
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the dialog")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen, what="back to the exercise")
        assert path.read_text() == WRONG

        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the dialog")
        await pilot.press("y")
        await wait_for(pilot, lambda: path.read_text() == starter, what="the starter")
        assert screen.query_one("#editor", TextArea).text == starter
        backups = list((workspace.root / ".dltutor" / "backups").iterdir())
        assert [b.read_text() for b in backups] == [WRONG]
        assert not screen.modified


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_watch_mode_regrades_an_external_write(course, workspace):
    app = build(course, workspace)
    path = workspace.root / "basics" / "double.py"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, "double")
        await pilot.pause(0.3)
        path.write_text(RIGHT)  # another editor saves the file
        await wait_for(pilot, lambda: app.checking is None and "passed" in verdict(app), what="passed")
        assert screen.query_one("#editor", TextArea).text == RIGHT
        assert not screen.modified

        await pilot.press("f9")  # watch off: a write is not graded
        path.write_text(WRONG)
        await pilot.pause(0.5)
        assert app.checking is None and "passed" in verdict(app)
        assert "watch off" in screen.query_one("#editor").border_subtitle


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_external_editor_is_replaceable_and_its_save_is_graded(course, workspace):
    opened = []

    def fake_editor(app, path):
        opened.append(path)
        path.write_text(RIGHT)

    app = build(course, workspace, external_editor=fake_editor)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, "double")
        await pilot.press("f4")
        await wait_for(pilot, lambda: app.checking is None and "passed" in verdict(app), what="passed")
        assert opened == [workspace.root / "basics" / "double.py"]
        assert screen.query_one("#editor", TextArea).text == RIGHT


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_default_editor_says_why_it_cannot_suspend_headless(course, workspace):
    app = build(course, workspace)
    async with app.run_test(size=SIZE) as pilot:
        await open_exercise(pilot, "double")
        await pilot.press("f4")
        await pilot.pause()
        assert any("cannot hand over to another editor" in note for note in app.notes_seen)
        assert isinstance(app.screen, ExerciseScreen)


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_training_view_shows_epoch_progress(course, workspace):
    app = build(course, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, "double")
        view = screen.query_one(TrainingView)
        assert not view.has_class("-active") and not view.display
        for epoch, loss in enumerate([0.9, 0.6, 0.4], start=1):
            view.post_message(Epoch(epoch=epoch, epochs=20, loss=loss, metrics={"accuracy": 0.5 + epoch / 10}))
        await wait_for(pilot, lambda: len(view.history) == 3, what="three epochs")
        await pilot.pause()
        bar = view.query_one(ProgressBar)
        assert (bar.progress, bar.total) == (3, 20)
        assert view.has_class("-active")
        assert str(view.query_one("#training-stats", Static).render()) == \
            "epoch 3 of 20 · loss 0.4000 · accuracy 0.8000"
        assert view.query("#training-plot")

        assert str(view.query_one("#training-device", Static).render()) == "training on CPU: test (2 cores)"

        screen.grade_event(events.TrainerReady((), 3.25))
        screen.grade_event(events.EpochEnded(4, 20, 0.3, {"accuracy": 0.91}, 2.5, 0.93, "accuracy"))
        await wait_for(pilot, lambda: len(view.history) == 4, what="an epoch routed from on_event")
        await pilot.pause()
        assert str(view.query_one("#training-device", Static).render()) == \
            "training on CPU: test (2 cores) · TensorFlow started in 3.2 s"
        assert str(view.query_one("#training-stats", Static).render()) == \
            "epoch 4 of 20 · loss 0.3000 · accuracy 0.9100 · 2.5 s · target accuracy ≥ 0.93"
        assert view.target == 0.93
        drawn = plain(view.query_one("#training-plot").render()).splitlines()
        target_rows = [row for row in drawn if "target 0.93" in row]
        assert len(target_rows) == 1 and "─────" in target_rows[0]  # the target line, labelled


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_training_view_names_the_gpu_and_keeps_the_curve_with_the_result(course, workspace):
    from tutor.grading.report import GradeReport

    app = build(course, workspace, device="GPU: NVIDIA H100 80GB HBM3 (80 GiB)")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, "double")
        view = screen.query_one(TrainingView)
        screen.grade_event(events.TrainerReady(("/physical_device:GPU:0",), 4.0))
        for epoch in (1, 2):
            screen.grade_event(events.EpochEnded(epoch, 2, 1 / epoch, {"accuracy": 0.5 * epoch}, None, 0.9, "accuracy"))
        screen.grade_event(events.EpochEnded(1, 2, 9.0, {}, None, None, "accuracy", contrast="build_simple"))
        await wait_for(pilot, lambda: len(view.history) == 2, what="two epochs")
        assert str(view.query_one("#training-device", Static).render()).startswith(
            "training on GPU: NVIDIA H100 80GB HBM3 (80 GiB)")
        report = GradeReport("double", "passed", 4, 4, training={
            "metric": "accuracy", "value": 0.9467, "target": 0.9, "train_seconds": 2.0, "params": 131})
        screen.grade_finished(report, workspace.progress.record(report))
        await pilot.pause()
        assert view.query("#training-plot") and len(view.history) == 2
        assert str(view.query_one("#training-result", Static).render()) == \
            "✔ reached: held-out accuracy 0.9467 ≥ 0.9 (trained 2.0 s, 131 parameters)"


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_training_view_shows_the_contrast_the_search_and_the_text_sample_beside_the_result(course, workspace):
    from tutor.grading.report import GradeReport

    app = build(course, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, "double")
        view = screen.query_one(TrainingView)
        screen.grade_event(events.TrainerReady((), 4.0))
        screen.grade_event(events.EpochEnded(1, 1, 0.5, {"accuracy": 0.8}, None, 0.9, "accuracy"))
        await wait_for(pilot, lambda: len(view.history) == 1, what="an epoch")
        report = GradeReport("double", "failed", 1, 4, training={
            "metric": "accuracy", "value": 0.41, "target": 0.5, "train_seconds": 3.0, "params": 900,
            "contrast": {"builder": "build_plain", "metric": "accuracy", "value": 0.3, "params": 800,
                         "train_seconds": 2.5},
            "trials": [{"params": {"learning_rate": 0.05}, "value": 0.12}, {"params": {"learning_rate": 1}}],
            "sample": "the fox [b]said[/b]"})
        screen.grade_finished(report, workspace.progress.record(report))
        await pilot.pause()
        shown = str(view.query_one("#training-result", Static).render()).splitlines()
        assert shown == [
            "✘ missed: held-out accuracy 0.4100, the target is ≥ 0.5 (trained 3.0 s, 900 parameters)",
            "beside it, build_plain() (not graded): accuracy 0.3000 · 800 parameters · trained 2.5 s",
            "the search's trials, on the validation rows: {'learning_rate': 0.05} → 0.1200; "
            "{'learning_rate': 1} → diverged",
            "the trained model writes (not graded): 'the fox [b]said[/b]'",  # text, never markup
        ]


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.asyncio
async def test_the_real_iris_exercise_trains_live_and_passes(tmp_path, monkeypatch):
    monkeypatch.setenv("DLTUTOR_WORKSPACE", str(tmp_path / "ws"))
    course = load_course(REPO)
    exercise = course.get("iris_dense")
    app = build(course, Workspace(tmp_path / "ws", course))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, "iris_dense")
        view = screen.query_one(TrainingView)
        await save_and_grade(pilot, (REPO / "solutions" / "iris_dense.py").read_text(), "passed",
                             timeout=180)  # importing TensorFlow, then 60 epochs
        shown = verdict(app)
        assert "4 of 4 points" in shown
        # verdict first: the graded figure, held-out accuracy against the target, before the curve
        held_out = f"held-out accuracy {view.held_out:.4f} · target ≥ {exercise.training.target:g}"
        assert held_out in shown.splitlines()[1]
        epochs = view.history  # every epoch of the run, kept with the final curve after the verdict
        assert [m.epoch for m in epochs] == list(range(1, 61)) and epochs[-1].target == exercise.training.target
        assert view.query("#training-plot")
        drawn = plain(view.query_one("#training-plot").render())
        assert f"target {exercise.training.target:g}" in drawn
        device = str(view.query_one("#training-device", Static).render())  # from the trainer's own event
        assert device.startswith("training on ") and "TensorFlow started in" in device
        assert str(view.query_one("#training-result", Static).render()).startswith("✔ reached: held-out accuracy")
        assert view.query_one(ProgressBar).progress == 60


def gone(pids) -> bool:
    return not any(Path(f"/proc/{pid}").exists() for pid in pids)


async def grading_sandboxes(pilot) -> list[int]:
    """The pids of the sandboxes the current run is using, once it has one."""
    await wait_for(pilot, lambda: pilot.app.current_run and pilot.app.current_run.sandbox_pids,
                   what="a sandbox for the run")
    return pilot.app.current_run.sandbox_pids


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_quitting_while_grading_leaves_no_child_process(course, workspace):
    path = workspace.root / "basics" / "double.py"
    app = build(course, workspace)
    before = sandbox_children()
    async with app.run_test(size=SIZE) as pilot:
        await open_exercise(pilot, "double")
        path.write_text("import time\ntime.sleep(60)\n\n\ndef double(x):\n    return 2 * x\n")
        await pilot.press("f5")
        running = await grading_sandboxes(pilot)
        assert app.checking == "double" and not gone(running)
        await pilot.press("ctrl+q")
    # The running sandbox and the warm spare are killed and reaped, long before the exercise's
    # 20 s timeout would have ended the running one.
    deadline = time.monotonic() + 8
    while (not gone(running) or sandbox_children() - before) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(running)
    assert not sandbox_children() - before
    assert workspace.progress.get("double").attempts == 0  # an aborted run is not recorded


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_a_new_save_replaces_a_stale_run(course, workspace):
    path = workspace.root / "basics" / "double.py"
    app = build(course, workspace)
    async with app.run_test(size=SIZE) as pilot:
        await open_exercise(pilot, "double")
        path.write_text("import time\ntime.sleep(60)\n")
        await pilot.press("f5")
        stale = await grading_sandboxes(pilot)
        await save_and_grade(pilot, RIGHT, "passed")
        # The stale run's sandbox was killed, not left to run into its 20 s timeout.
        await wait_for(pilot, lambda: gone(stale), timeout=8, what="the stale sandbox to end")
        assert workspace.progress.get("double").attempts == 1


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_opening_an_exercise_prepares_a_warm_sandbox(course, workspace):
    app = build(course, workspace)
    before = sandbox_children()
    async with app.run_test(size=SIZE) as pilot:
        await open_exercise(pilot, "double")
        await wait_for(pilot, lambda: sandbox_children() - before, what="a warm sandbox")
        warm = sandbox_children() - before
        await save_and_grade(pilot, RIGHT, "passed")
        await wait_for(pilot, lambda: gone(warm), what="the warm sandbox to be used (once) and closed")
        await wait_for(pilot, lambda: sandbox_children() - before - warm, what="a new spare")
    deadline = time.monotonic() + 8
    while sandbox_children() - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not sandbox_children() - before


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_a_grader_fault_is_reported_not_crashing(course, workspace, monkeypatch):
    from tutor.app import grading

    def broken(*args, **kwargs):
        raise RuntimeError("the grader broke")

    monkeypatch.setattr(grading, "grade", broken)
    app = build(course, workspace)
    async with app.run_test(size=SIZE) as pilot:
        await open_exercise(pilot, "double")
        await pilot.press("f5")
        await wait_for(pilot, lambda: "The grader failed" in verdict(app), what="the failure")
        assert app.checking is None
        assert any("RuntimeError: the grader broke" in note for note in app.notes_seen)
        assert workspace.progress.get("double").attempts == 0


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_changed_starters_are_announced(course, workspace):
    from tutor.workspace import SyncResult

    workspace.sync()
    app = build(course, workspace, sync=SyncResult(changed_starters=("double",)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("changed the starter of: double" in note for note in app.notes_seen)
        assert not app.screen.first_run


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_leaving_with_unsaved_edits_asks(course, workspace):
    app = build(course, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, "double")
        screen.query_one("#editor", TextArea).insert("# note\n")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the dialog")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen, what="stay")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the dialog")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseScreen), what="the course")


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_help_lists_every_screens_keys(course, workspace):
    from tutor.app.screens.help import help_sections

    app = build(course, workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        sections = dict(help_sections(app))
        assert list(sections) == ["Everywhere", "Course list", "Exercise", "This machine"]
        exercise = dict(sections["Exercise"])
        assert exercise["Ctrl+S"] == "Save the editor to your file and check it"
        assert {"F5, Ctrl+R", "F2, h", "F4, e", "Ctrl+G", "F8", "F9, w", "F10, s", "Esc"} <= set(exercise)
        assert ("F1, ?", "Show every key, and this machine's device and sandbox") in sections["Everywhere"]
        assert dict(sections["This machine"])["Device"] == "CPU: test (2 cores)"
        assert len(app.screen.query(".help-rows")) == 4
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseScreen), what="closed")


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_command_palette_offers_the_main_actions(course, workspace):
    app = build(course, workspace)
    async with app.run_test(size=SIZE) as pilot:
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Help", "Open: Double an array", "Open: Scale using double"} <= titles
        screen = await open_exercise(pilot, "double")
        commands = {c.title: c for c in app.get_system_commands(screen)}
        assert {"Save+check", "Check", "Hint", "Reset", "Watch", "Solution", "Editor", "Lesson",
                "Go to error"} <= set(commands)
        commands["Lesson"].callback()
        await pilot.pause()
        assert screen.query_one("#side").active == "lesson"


@pytest.mark.timeout(120)
@pytest.mark.asyncio
async def test_device_is_detected_after_startup(course, workspace):
    from tutor import hardware

    app = build(course, workspace, device=None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.machine.device == hardware.detect().describe(), what="device")


@pytest.mark.timeout(120)
def test_run_builds_the_app_from_a_cli_session(tmp_path, monkeypatch):
    from tutor.app import application, main
    from tutor.cli import build_parser
    from tutor.commands import Session

    seen = {}

    def fake_run(self, *args, **kwargs):
        seen.update(first_run=self.first_run, root=self.workspace.root, seed=self.seed)
        self._return_code = 0

    monkeypatch.setattr(application.TutorApp, "run", fake_run)
    args = build_parser().parse_args(["--workspace", str(tmp_path / "ws"), "--course", str(FIXTURE_COURSE),
                                      "--seed", "7"])
    assert main.run(Session(args)) == 0
    assert seen == {"first_run": True, "root": (tmp_path / "ws").resolve(), "seed": 7}
    assert (tmp_path / "ws" / "basics" / "double.py").is_file()


@pytest.mark.timeout(120)
def test_the_app_never_imports_tensorflow_or_sklearn():
    code = ("import sys, tutor.app.main, tutor.app.application, tutor.app.grading;"
            "bad = [m for m in ('tensorflow', 'sklearn', 'keras') if m in sys.modules];"
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
