"""Writes a list of SubmissionResults in the format asked for: text, JSON, JUnit XML or Gradescope."""

from __future__ import annotations

import sys
from pathlib import Path
from xml.etree import ElementTree

from tutor.atomic import write_atomic
from tutor.reporters import gradescope, json_report, junit, summary, text

FORMATS = ("text", "json", "junit", "gradescope")


class OutputError(ValueError):
    """The results cannot be written the way they were asked for; the message says why."""


def write_text(path: Path, rendered: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, rendered)


def render_text(results) -> str:
    """Each submission, then, for a class, its summary."""
    rendered = "".join(text.render_submission(r) for r in results)
    if len(results) > 1:
        rendered += summary.render_text(summary.class_summary(results))
    return rendered


def write_summary(class_summary: dict, path: Path) -> None:
    """The class summary into ``path``: Markdown appended (``$GITHUB_STEP_SUMMARY`` collects what
    every command of a step adds), or, for ``*.json``, a JSON file written whole."""
    rendered = (json_report.dumps(class_summary) if path.suffix == ".json"
                else summary.render_markdown(class_summary))
    if path.suffix == ".json":
        write_text(path, rendered)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(rendered)


RENDERERS = {
    "text": text.render_submission,
    "json": lambda result: json_report.dumps(result.to_dict()),
    "junit": lambda result: _well_formed(junit.dumps([result])),
    "gradescope": lambda result: json_report.dumps(gradescope.results(result)),
}


def _well_formed(xml: str) -> str:
    ElementTree.fromstring(xml.encode("utf-8"))  # raises on anything a JUnit reader would refuse
    return xml


def renderable(results, fmt: str) -> list:
    """``results`` with every submission that cannot be rendered in ``fmt`` on its own replaced by
    an ``ungradable`` stand-in saying why: one learner's report never takes the class's down."""
    checked = []
    for result in results:
        try:
            RENDERERS[fmt](result).encode("utf-8")
        except Exception as exc:  # noqa: BLE001  (any fault confined to this submission's report)
            result = result.stand_in(f"its {fmt} report could not be written ({type(exc).__name__}: {exc})")
        checked.append(result)
    return checked


def write_results(results, fmt: str, output: str | None) -> list:
    """Render ``results`` as ``fmt`` to ``output`` (a path) or stdout; returns the results as
    reported (``renderable``), so the exit code counts a stand-in as ungradable."""
    results = renderable(results, fmt)
    if fmt == "gradescope":
        _write_gradescope(results, output)
        return results
    if fmt == "json":
        rendered = json_report.dumps([r.to_dict() for r in results])
    elif fmt == "junit":
        rendered = junit.dumps(results)
    else:
        rendered = render_text(results)
    if output:
        write_text(Path(output), rendered)
    else:
        sys.stdout.write(rendered)
    return results


def _write_gradescope(results, output: str | None) -> None:
    """One submission: a results.json file (or stdout); several: OUTPUT/<submission>/results.json."""
    if len(results) == 1 and not (output and Path(output).is_dir()):
        rendered = json_report.dumps(gradescope.results(results[0]))
        if output:
            write_text(Path(output), rendered)
        else:
            sys.stdout.write(rendered)
        return
    if not output:
        raise OutputError("--format gradescope with several submissions needs --output FOLDER")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"--output {output} is a file; several submissions need a folder")
    for result in results:
        write_text(folder / result.submission / "results.json", json_report.dumps(gradescope.results(result)))
