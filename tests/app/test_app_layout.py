"""The app as a newcomer meets it: 80×24 and 120×40 layouts, every key reachable, the verdict first,
a missing file named with its remedy, code that scrolls instead of being cut, an editor that
never hides the start of its lines."""

from __future__ import annotations

import pytest
from textual.widgets import Footer, Static, TabbedContent, TextArea
from textual.widgets._footer import FooterKey

from tests.support.app import build, open_exercise, verdict, wait_for
from tutor.app.screens.exercise import ExerciseScreen
from tutor.app.widgets.markdown import ScrollableFence
from tutor.app.widgets.training import TrainingView
from tutor.grading.report import CheckResult, GradeReport
from tutor.progress import ExerciseProgress

SMALL, LARGE = (80, 24), (120, 40)


def footer_keys(app) -> list[str]:
    return [key.key for key in app.screen.query_one(Footer).query(FooterKey)]


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
async def test_every_footer_fits_and_every_exercise_key_is_in_the_palette(course, workspace, size):
    app = build(course, workspace)
    async with app.run_test(size=size) as pilot:
        screen = await open_exercise(pilot, "double")
        await pilot.pause()
        keys = footer_keys(app)
        width = sum(key.region.width for key in app.screen.query_one(Footer).query(FooterKey))
        assert width <= size[0]  # nothing cut at the edge
        for essential in ("ctrl+s", "f5", "f2", "f6", "escape", "f1"):
            assert essential in keys, (essential, keys)
        if size == LARGE:
            assert {"f3", "f9", "f10", "ctrl+g"} <= set(keys)
        palette = {command.title for command in app.get_system_commands(screen)}
        for binding in ExerciseScreen.BINDINGS:
            if binding.show:  # every footer action, shown or left out for room, is one search away
                assert ExerciseScreen.PALETTE_TITLES.get(binding.action, binding.description) in palette


@pytest.mark.asyncio
async def test_at_80_columns_the_editor_and_results_take_turns_and_f6_moves_between_them(course, workspace):
    app = build(course, workspace)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_exercise(pilot, "double")
        editor = screen.query_one("#editor", TextArea)
        assert screen.has_class("-narrow") and editor.has_focus
        assert editor.region.width >= 70  # the whole width, not a third of it
        assert not screen.query_one("#side").display or not screen.query_one("#side").region.width
        await pilot.press("f6")
        await pilot.pause()
        assert screen.has_class("-side-shown") and screen.query_one(TabbedContent).active == "results"
        assert screen.query_one("#results-scroll").has_focus
        await pilot.press("f3")  # the lesson, then straight back to the results
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "lesson"
        await pilot.press("f6")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "results"
        await pilot.press("f6")
        await pilot.pause()
        assert not screen.has_class("-side-shown") and editor.has_focus
        assert editor.text == (workspace.root / "basics" / "double.py").read_text()  # F6 typed nothing


@pytest.mark.asyncio
async def test_f6_leaves_the_editor_at_any_width_so_tab_can_keep_indenting(course, workspace):
    app = build(course, workspace)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_exercise(pilot, "double")
        editor = screen.query_one("#editor", TextArea)
        await pilot.press("tab")
        assert editor.has_focus and screen.modified  # Tab indents, as in any code editor
        await pilot.press("f6")
        await pilot.pause()
        assert not editor.has_focus and screen.query_one("#results-scroll").has_focus
        await pilot.press("f6")
        assert editor.has_focus


@pytest.mark.asyncio
async def test_the_editor_shows_line_starts_again_after_visiting_a_long_line(course, workspace):
    path = workspace.root / "basics" / "double.py"
    workspace.sync()
    path.write_text("def double(x):\n    y = x" + " + 0" * 80 + "\n    return 2 * x\n")
    app = build(course, workspace)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_exercise(pilot, "double")
        editor = screen.query_one("#editor", TextArea)
        await pilot.press("down", "end")
        await pilot.pause()
        assert editor.scroll_x > 0
        await pilot.press("down")  # a short line: the cursor fits without scrolling
        await pilot.pause()
        assert editor.scroll_x == 0 and editor.cursor_location[0] == 2


@pytest.mark.asyncio
async def test_a_deleted_file_is_named_with_its_remedy_not_a_hint(course, workspace):
    workspace.sync()
    (workspace.root / "basics" / "double.py").unlink()
    app = build(course, workspace)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_exercise(pilot, "double")
        banner = screen.query_one("#file-banner", Static)
        assert banner.has_class("-shown") and banner.display
        assert "basics/double.py is missing" in str(banner.render()) and "F8" in str(banner.render())
        await pilot.press("f5")
        await wait_for(pilot, lambda: "failed" in verdict(app), what="the verdict")
        assert "dltutor reset double" in verdict(app)
        note = str(screen.query_one("#verdict-note", Static).render())
        assert "F8 restores the starter" in note and "hint" not in note
        screen.query_one("#editor", TextArea).load_text("def double(x):\n    return 2 * x\n")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "passed" in verdict(app), what="a pass once the file is back")
        assert not screen.query_one("#file-banner", Static).has_class("-shown")


@pytest.mark.asyncio
async def test_a_keras_verdict_leads_with_the_held_out_figure_and_marks_it_on_the_curve(course, workspace):
    """The graded number is the held-out one (not training accuracy): it comes first, and the curve
    shows it as one point at the last epoch against the target line."""
    from tutor.app.messages import Epoch

    app = build(course, workspace)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_exercise(pilot, "double")
        view = screen.query_one(TrainingView)
        view.add_class("-active")
        for epoch in (1, 2, 3):
            view.post_message(Epoch(epoch, 3, 1.0 / epoch, {"accuracy": 0.7 + 0.1 * epoch}, 0.5, 0.9, "accuracy"))
        await wait_for(pilot, lambda: len(view.history) == 3, what="three epochs")
        report = GradeReport("double", "passed", 4, 4, (CheckResult("fits", "passed", 1, 1),),
                             training={"metric": "accuracy", "value": 0.9211, "target": 0.9,
                                       "dataset": "iris", "train_seconds": 2.0, "params": 131})
        screen.grade_finished(report, ExerciseProgress(status="passed"))
        await pilot.pause()
        lines = verdict(app).splitlines()
        assert "4 of 4 points" in lines[0] and lines[1] == "held-out accuracy 0.9211 · target ≥ 0.9"
        assert view.held_out == 0.9211
        assert "held-out accuracy" in str(view.query_one("#training-plot").render())


@pytest.mark.asyncio
async def test_code_blocks_in_lessons_scroll_sideways_by_keyboard(course, workspace, tmp_path):
    app = build(course, workspace)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_exercise(pilot, "double")
        lesson = screen.query_one("#lesson-text")
        await lesson.update("# Wide\n\n```python\nx = " + " + ".join(["1"] * 80) + "\n```\n")
        await pilot.press("f3")
        await pilot.pause()
        fence = screen.query_one(ScrollableFence)
        fence.focus()
        await pilot.pause()
        assert fence.has_focus and fence.max_scroll_x > 0
        await pilot.press("right", "right", "right")
        assert fence.scroll_x > 0
        await pilot.press("end")
        assert fence.scroll_x == fence.max_scroll_x
        await pilot.press("home")
        assert fence.scroll_x == 0
