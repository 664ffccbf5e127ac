"""The Textual app: owns course, workspace, progress and grading workers; screens show and drive them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from tutor.app.machine import MachineInfo
from tutor.app.messages import DeviceDetected, GradeEvent, GradeFailed, GradeFinished, KerasWarmth
from tutor.app.sandboxes import SandboxSupply
from tutor.app.screens.confirm import ConfirmDialog
from tutor.app.screens.course import CourseScreen
from tutor.app.screens.exercise import ExerciseScreen
from tutor.app.screens.help import HelpScreen
from tutor.course import Course, Exercise
from tutor.events import GradingEvent
from tutor.sandbox.isolation import Isolation
from tutor.workspace import Workspace


class TutorApp(App[int]):
    """Build it with ``tutor.app.main.make_app``."""

    CSS_PATH = "dltutor.tcss"
    TITLE = "dltutor"
    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="Show every key, and this machine's device and sandbox"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False, tooltip="Quit dltutor"),
    ]
    machine: reactive[MachineInfo] = reactive(MachineInfo("", "", "", ""), init=False)

    def __init__(self, course: Course, workspace: Workspace, *, machine: MachineInfo,
                 isolation: Isolation | None, seed: int | None, first_run: bool = False,
                 notes: Iterable[str] = (), detect_device: bool = True,
                 external_editor: Callable | None = None, watch_interval: float = 0.5,
                 cursor_blink: bool = True, warm_keras: bool = False) -> None:
        super().__init__()
        self.course, self.workspace, self.isolation, self.seed = course, workspace, isolation, seed
        self.first_run, self.notes, self.detect_device = first_run, tuple(notes), detect_device
        self.external_editor = external_editor
        self.watch_interval, self.cursor_blink = watch_interval, cursor_blink
        self.warm_keras = warm_keras
        self.set_reactive(TutorApp.machine, machine)
        self.progress = workspace.progress.load()
        self.checking: str | None = None
        self._run = None  # the GradingRun in progress (tutor.app.grading, imported on first use)
        self._runs: dict[Worker, object] = {}
        self.sandboxes = SandboxSupply()

    def get_default_screen(self) -> Screen:
        self.course_screen = CourseScreen(first_run=self.first_run)
        return self.course_screen

    def on_mount(self) -> None:
        for note in self.notes + ((self.workspace.progress.warning,) if self.workspace.progress.warning else ()):
            self.notify(note, severity="warning", timeout=12)
        if self.detect_device:
            self._detect_device()
        if self.warm_keras and (keras := self._first_keras_exercise()) is not None:
            # After the first paint: TensorFlow's start-up (seconds) must not delay the window.
            self.call_after_refresh(self._warm_up_keras, keras)

    def _first_keras_exercise(self) -> Exercise | None:
        import importlib.util  # noqa: PLC0415  (loaded when first needed, after the first paint)

        if importlib.util.find_spec("tensorflow") is None:  # the light install: nothing to warm
            return None
        return next((e for e in self.course.exercises if e.mode != "numpy"), None)

    @work(thread=True, group="warm-keras", exit_on_error=False)
    def _warm_up_keras(self, exercise: Exercise) -> None:
        self.post_message(KerasWarmth("Keras: warming up…"))
        ready = self.sandboxes.warm_up_keras(exercise)
        self.post_message(KerasWarmth("Keras: ready" if ready else ""))

    def on_keras_warmth(self, message: KerasWarmth) -> None:
        self.machine = replace(self.machine, keras=message.text)

    @work(thread=True, group="probe", exit_on_error=False)
    def _detect_device(self) -> None:
        from tutor import hardware  # noqa: PLC0415  (loaded when first needed, after the first paint)

        self.post_message(DeviceDetected(hardware.detect().describe()))

    def on_device_detected(self, message: DeviceDetected) -> None:
        self.machine = replace(self.machine, device=message.text)

    # -- navigation --------------------------------------------------------------------------------
    def open_exercise(self, exercise_id: str) -> None:
        exercise = self.course.get(exercise_id)
        self.push_screen(ExerciseScreen(exercise, self.workspace.root))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        screen = self.screen
        if isinstance(screen, ExerciseScreen) and screen.modified:
            dialog = ConfirmDialog("Quit without saving?", f"Your edits to {screen.exercise.file} since the "
                                   "last save will be lost (Ctrl+S saves them).", yes="Quit", no="Stay")
            self.push_screen(dialog, lambda quit_: self._quit() if quit_ else None)
            return
        self._quit()

    def _quit(self) -> None:
        self.stop_grading()
        self.sandboxes.close()
        self.exit(0)

    def on_unmount(self) -> None:
        self._abort_grading()
        self.sandboxes.close()

    # -- progress and grading -----------------------------------------------------------------------
    def solution_unlocked(self, exercise: Exercise) -> bool:
        """Whether the learner's file, as it is now, passed a check by this grader (never the
        progress file's word: a learner may edit that)."""
        from tutor import passes  # noqa: PLC0415  (loaded when first needed, after the first paint)

        return passes.passed(self.course, exercise, self.workspace.root)

    def reveal_hint(self, exercise: Exercise):
        entry = self.workspace.progress.reveal_hint(exercise.id, len(exercise.hints))
        self.progress = self.workspace.progress.load()
        return entry

    def reset_exercise(self, exercise: Exercise):
        if self.checking == exercise.id:
            self.stop_grading()
        return self.workspace.reset(exercise)

    def _abort_grading(self) -> None:
        """Abort the running grading (killing its sandbox) and cancel the workers; no UI updates."""
        if self._run is not None:
            self._run.abort()
            self._run = None
        self.workers.cancel_group(self, "grade")

    @property
    def current_run(self):
        """The ``GradingRun`` in progress, or None."""
        return self._run

    def prewarm(self, exercise: Exercise) -> None:
        """Have a sandbox waiting for ``exercise`` before the learner first saves it."""
        self._prewarm(exercise)

    @work(thread=True, group="prewarm", exit_on_error=False)
    def _prewarm(self, exercise: Exercise) -> None:
        self.sandboxes.prewarm(exercise)

    def stop_grading(self) -> None:
        """Abort the running grading and show that nothing is being checked any more."""
        self._abort_grading()
        if self.checking is not None:
            self.checking = None
            if self.course_screen.is_mounted:
                self.course_screen.refresh_status()

    def grade_exercise(self, exercise: Exercise, reason: str = "check") -> None:
        """Start grading ``exercise``, aborting a stale run; results arrive as messages."""
        from tutor.app.grading import GradingRun  # noqa: PLC0415  (numpy and the grader load on the first check)

        if self._run is not None:
            self._run.abort()
        self._run = GradingRun(self.course, exercise, self.workspace.root, self.seed, self.isolation, reason,
                               acquire=self.sandboxes.acquire, trainers=self.sandboxes.trainers(exercise))
        self.checking = exercise.id
        self.course_screen.refresh_status()
        if screen := self._screen_for(exercise.id):
            screen.grade_started(reason)
        self._runs[self._grade(self._run)] = self._run

    @work(thread=True, exclusive=True, group="grade", exit_on_error=False)
    def _grade(self, run) -> None:
        from tutor.grading.grader import Cancelled  # noqa: PLC0415  (loaded when first needed, after the first paint)

        worker = get_current_worker()

        def stale() -> bool:
            return worker.is_cancelled or run.aborted

        def on_event(event: GradingEvent) -> None:
            if not stale():
                self.post_message(GradeEvent(run.exercise.id, event, run.number))

        try:
            report = run.run(on_event, lambda: worker.is_cancelled)
        except Cancelled:
            return
        if stale():
            return
        progress = self.workspace.progress.record(report)
        from tutor import passes  # noqa: PLC0415  (loaded when first needed, after the first paint)

        passes.record(self.course, report)
        if not stale():
            self.post_message(GradeFinished(report, progress, self.workspace.progress.warning, run.number))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "grade" or not worker.is_finished:
            return
        run = self._runs.pop(worker, None)
        if event.state == WorkerState.ERROR and run is not None and not run.aborted:
            error = f"{type(worker.error).__name__}: {worker.error}"
            self.post_message(GradeFailed(run.exercise.id, error, run.number))

    def _screen_for(self, exercise_id: str) -> ExerciseScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, ExerciseScreen) and screen.exercise.id == exercise_id:
                return screen
        return None

    def _is_current(self, run_number: int) -> bool:
        return self._run is not None and self._run.number == run_number

    def _done(self) -> None:
        self.checking, self._run = None, None
        self.course_screen.refresh_status()

    def on_grade_event(self, message: GradeEvent) -> None:
        if self._is_current(message.run) and (screen := self._screen_for(message.exercise_id)):
            screen.grade_event(message.event)

    def on_grade_finished(self, message: GradeFinished) -> None:
        report = message.report
        self.progress = {**self.progress, report.exercise: message.progress}  # recorded on disk already
        if message.warning:
            self.notify(message.warning, severity="warning")
        if not self._is_current(message.run):  # a newer run is under way; its verdict will follow
            return
        self._done()
        if screen := self._screen_for(report.exercise):
            screen.grade_finished(report, message.progress)
        else:
            title = self.course.get(report.exercise).title
            self.notify(f"{title}: {report.status}, {report.score:g} of {report.max_score:g} points")

    def on_grade_failed(self, message: GradeFailed) -> None:
        if not self._is_current(message.run):
            return
        self._done()
        if screen := self._screen_for(message.exercise_id):
            screen.grade_failed(message.error)
        self.notify(message.error, title="The grader failed", severity="error")

    # -- command palette ------------------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Every key, and this machine's device and sandbox", self.action_help)
        if isinstance(screen, ExerciseScreen):
            for binding in ExerciseScreen.BINDINGS:
                if binding.show:
                    action = getattr(screen, f"action_{binding.action}")
                    title = ExerciseScreen.PALETTE_TITLES.get(binding.action, binding.description)
                    yield SystemCommand(title, binding.tooltip, action)
        for exercise in self.course.exercises:
            yield SystemCommand(f"Open: {exercise.title}", f"{exercise.chapter_title} · {exercise.summary}",
                                lambda exercise_id=exercise.id: self._open_from_palette(exercise_id), False)

    def _open_from_palette(self, exercise_id: str) -> None:
        screen = self.screen
        if isinstance(screen, ExerciseScreen):
            if screen.modified:
                self.notify("Save (Ctrl+S) or leave (Esc) this exercise first.", title="Unsaved edits")
                return
            screen.dismiss()
        self.open_exercise(exercise_id)
