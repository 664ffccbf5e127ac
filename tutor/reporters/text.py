"""Plain-text reports for people: symbols and words for every status, never colour alone."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

from tutor.grading.report import SYMBOLS, GradeReport
from tutor.reporters.places import show_places


def points(value: float) -> str:
    return f"{value:g}"


def status_word(status: str) -> str:
    return f"{SYMBOLS.get(status, '?')} {status}"


def render_report(report: GradeReport, title: str = "", verbose_output: bool = True, root: Path | None = None,
                  links: bool = False) -> str:
    """One exercise's verdict. Places in files read ``path:line:col`` (absolute under ``root``, the
    workspace, when given; terminal hyperlinks with ``links``)."""

    def placed(text: str) -> str:
        return show_places(text, root, links)

    head = f"{report.exercise}" + (f": {title}" if title else "")
    lines = [
        f"{head}  {status_word(report.status)}  {points(report.score)}/{points(report.max_score)} points",
        f"  seed {report.seed} · isolation {report.isolation.get('level', '?')} · {report.duration_s:.2f} s",
    ]
    if report.message:
        lines.append(textwrap.indent(placed(report.message), "  "))
    if report.training:
        lines.append(f"  {training_line(report.training)}")
    width = max((len(c.name) for c in report.checks), default=0)
    said: set[str] = {report.message} if report.message else set()
    for check in report.checks:
        lines.append(f"  {status_word(check.status):<14} {check.name:<{width}}  "
                     f"{points(check.points)}/{points(check.max_points)}")
        message = _once(check.message, said)
        if message and check.status != "passed":
            check = replace(check, message=message)
            # each line wrapped on its own (a quoted source line and its caret stay apart), and
            # places shown after wrapping: a hyperlink's escape codes would count as width
            wrapped = "\n".join(textwrap.fill(line, 96, break_on_hyphens=False, break_long_words=False)
                                 for line in check.message.splitlines())
            lines.append(placed(textwrap.indent(wrapped, "      ")))
    if report.traceback.strip():
        lines += ["", "  Your code raised:", textwrap.indent(placed(report.traceback.rstrip()), "    ")]
    if verbose_output and report.stdout.strip():
        lines += ["", "  Output of your code:", textwrap.indent(report.stdout.rstrip(), "    | ")]
    return "\n".join(lines) + "\n"


def _once(message: str, said: set[str]) -> str:
    """A check's message, or a pointer to where the same words were already shown (a problem that
    stopped every check, like a missing file, is said once, not under each of them)."""
    core = message.removeprefix("not run: ")
    if not core or core not in said:
        said.add(core)
        return message
    return "not run: see above" if message.startswith("not run: ") else "the same as above"


def render_submission(result) -> str:
    """One graded submission: a heading with its status and score, then each exercise."""
    head = (f"== {result.submission}: {status_word(result.status)} "
            f"{points(result.score)}/{points(result.max_score)} points ==\n")
    if result.message:
        head += f"  {result.message}\n"
    return head + "".join(render_report(r, verbose_output=False) for r in result.exercises) + "\n"


def training_line(training: dict) -> str:
    """``accuracy 0.9474 on held-out iris (target ≥ 0.9) · 131 parameters · trained 6.2 s``, then what
    was shown beside it (``training_extras``), one indented line each."""
    relation = "≥" if training.get("metric") == "accuracy" else "≤"
    line = (f"{training['metric']} {training['value']:.4f} on held-out {training.get('dataset', 'data')} "
            f"(target {relation} {training['target']:g}) · {training.get('params') or 0:,} parameters · "
            f"trained {training.get('train_seconds') or 0:.1f} s")
    return "\n  ".join([line, *training_extras(training)])


def training_extras(training: dict) -> list[str]:
    """What a training run showed beside the graded figure, never graded: the contrast model, a
    search's trials, the language model's text (the CLI's report and the app's training view)."""
    extras = []
    if contrast := training.get("contrast"):
        shown = (f"{contrast['metric']} {contrast['value']:.4f} · {contrast.get('params') or 0:,} parameters · "
                 f"trained {contrast.get('train_seconds') or 0:.1f} s" if "value" in contrast
                 else contrast.get("problem", "not trained"))
        extras.append(f"beside it, {contrast.get('builder', 'the contrast model')}() (not graded): {shown}")
    if isinstance(trials := training.get("trials"), list) and trials:
        extras.append("the search's trials, on the validation rows: " + "; ".join(
            f"{t.get('params')} → {t['value']:.4f}" if isinstance(t.get("value"), (int, float))
            else f"{t.get('params')} → diverged" for t in trials if isinstance(t, dict)))
    if isinstance(sample := training.get("sample"), str) and sample:
        # the trainer's text, already cut to the alphabet and made printable by the session
        extras.append("the trained model writes (not graded): " + repr(sample))
    return extras
