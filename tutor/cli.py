"""Command-line parsing for `dltutor`; imports the Textual app only for the TUI itself."""

from __future__ import annotations

import argparse
import os
import sys

from tutor import __version__

EXIT_CODES = """\
exit codes (every command):
  0    everything passed or was skipped
  1    something failed, raised an error or timed out
  2    something could not be graded (course or submission layout, no TensorFlow where an
       exercise needs it), a refused isolation level, or a usage error
  3    a fault of dltutor itself (its traceback is on stderr: please report it)
  141  the reader of the output went away (`dltutor list | head`)"""
ISOLATION_HELP = "basic, standard or strong; fails (exit 2) if not available here"
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _visibility(text: str) -> tuple[str, str]:
    pattern, sep, level = text.rpartition("=")
    if not sep or not pattern or level not in VISIBILITIES:
        raise argparse.ArgumentTypeError(f"expected PATTERN=LEVEL with LEVEL one of {', '.join(VISIBILITIES)}, "
                                         "e.g. 'neuron: edge*=hidden'")
    return pattern, level


def _exercise_ids(prefix: str, parsed_args, **_):
    """Shell completion of exercise ids, from the course the command line names."""
    from tutor.course import load_course  # noqa: PLC0415  (only what the command run needs is imported)
    from tutor.locations import default_course_root  # noqa: PLC0415  (only what the command run needs is imported)

    course = getattr(parsed_args, "course", None)
    try:
        ids = load_course(os.path.abspath(course) if course else default_course_root()).ids
    except Exception:  # noqa: BLE001  (completion must never print a traceback into a shell)
        return []
    return [i for i in ids if i.startswith(prefix)]


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog):
        super().__init__(prog, max_help_position=32)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dltutor", description="A terminal tutor for deep learning. Without a command, opens the app "
        "(in a terminal; elsewhere it prints this help and exits 2).", epilog=EXIT_CODES, formatter_class=_Formatter)
    parser.add_argument("--version", action="version", version=f"dltutor {__version__}")
    parser.add_argument("--workspace", metavar="DIR", help="the learner workspace to use")
    parser.add_argument("--course", metavar="DIR", help="an outside course pack (default: the built-in course)")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed for generated inputs (check: 1234; grade: fresh each run)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str, parent=commands) -> argparse.ArgumentParser:
        return parent.add_parser(name, help=help_text, description=help_text, epilog=EXIT_CODES,
                                 formatter_class=_Formatter)

    def exercise_arg(sub, **kwargs):
        sub.add_argument("exercise", metavar="ID", **kwargs).completer = _exercise_ids

    sub = add("list", "list the exercises with their status")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = add("check", "grade one exercise in your workspace and record progress")
    exercise_arg(sub)
    sub.add_argument("--json", action="store_true", help="print the GradeReport as JSON")
    sub.add_argument("--isolation", metavar="LEVEL", help=ISOLATION_HELP)
    _add_grade(add("grade", "grade workspaces, uploaded files, or folders of them, without touching progress"))
    sub = add("merge", "join the JSON results of grading shards into one report")
    sub.add_argument("files", nargs="+", metavar="FILE", help="results of `dltutor grade --format json`")
    _add_report_options(sub)
    sub = add("hint", "show the next hint")
    exercise_arg(sub)
    sub.add_argument("--json", action="store_true", help="print the hints shown so far as JSON")
    sub = add("reset", "restore the starter (your file is backed up)")
    exercise_arg(sub)
    sub.add_argument("--json", action="store_true", help="print where the starter and the backup are as JSON")
    exercise_arg(add("solution", "show the reference solution (after you passed)"))
    sub = add("doctor", "explain this machine: course, workspace, sandbox isolation, compute device")
    sub.add_argument("--tensorflow", action="store_true",
                     help="also ask TensorFlow which devices it sees (automatic when a GPU is found)")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = add("validate", "prove the course is sound (for instructors)")
    sub.add_argument("--course", metavar="DIR", default=argparse.SUPPRESS,
                     help="the course pack to validate (same as the global --course)")
    sub.add_argument("--exercise", action="append", metavar="ID", help="only this exercise (repeatable)")
    sub.add_argument("--jobs", type=_positive_int, default=os.cpu_count() or 1, metavar="N")
    sub.add_argument("--json", action="store_true", help="print the findings as JSON")
    sub = add("new", "scaffold a new exercise in a course pack (for instructors)")
    sub.add_argument("exercise", metavar="ID", help="the new exercise's id (a Python identifier)")
    sub.add_argument("--course", metavar="DIR", default=argparse.SUPPRESS,
                     help="the course pack to add it to (created if the folder is new or empty)")
    sub.add_argument("--chapter", metavar="ID", help="the chapter to add it to (default: the last one)")
    sub.add_argument("--title", help="its title (default: made from the id)")
    sub.add_argument("--json", action="store_true", help="print the files created as JSON")
    sub = add("completion", "print the shell completion script (bash, zsh or fish)")
    sub.add_argument("shell", choices=("bash", "zsh", "fish"))
    _add_gradescope(add("gradescope", "build or run a Gradescope autograder"))
    return parser


def _add_grade(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("paths", nargs="*", metavar="PATH",
                     help="a workspace or upload, or a folder whose subfolders are submissions")
    sub.add_argument("--submission", action="append", metavar="DIR", default=[],
                     help="one submission however it was uploaded: a workspace, chapter folders or flat "
                          "files such as neuron.py (repeatable)")
    sub.add_argument("--exercise", action="append", metavar="ID", help="only this exercise (repeatable)")
    sub.add_argument("--jobs", type=_positive_int, default=os.cpu_count() or 1, metavar="N")
    _add_report_options(sub)
    sub.add_argument("--shard", metavar="I/N", help="grade only shard I of N (1-based, by submission name)")
    sub.add_argument("--isolation", metavar="LEVEL", help=ISOLATION_HELP)
    sub.add_argument("--allow-basic", action="store_true",
                     help="grade several submissions at basic isolation, accepting that their sandboxes "
                          "could read each other's files")


def _add_report_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--format", choices=("text", "json", "junit", "gradescope"), default="text")
    sub.add_argument("--output", metavar="PATH",
                     help="write the report here instead of stdout (gradescope with several "
                          "submissions: a folder of <submission>/results.json)")
    sub.add_argument("--summary", metavar="PATH",
                     help="append the class summary (passes and known mistakes per exercise) to PATH as "
                          "Markdown, e.g. \"$GITHUB_STEP_SUMMARY\"; as JSON when PATH ends in .json")


def _add_gradescope(sub: argparse.ArgumentParser) -> None:
    actions = sub.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = actions.add_parser("build", help="write a ready Gradescope autograder zip",
                               description="Write a Gradescope autograder: setup.sh, run_autograder and the "
                               "course pack, which grades an upload however the learner made it.",
                               epilog=EXIT_CODES, formatter_class=_Formatter)
    build.add_argument("--course", metavar="DIR", default=argparse.SUPPRESS,
                       help="the (private) course pack to grade with (same as the global --course)")
    build.add_argument("--output", metavar="ZIP", required=True, help="where to write autograder.zip")
    build.add_argument("--exercise", action="append", metavar="ID", help="grade only this exercise (repeatable)")
    build.add_argument("--points", type=_positive_float, metavar="N",
                       help="scale scores so the assignment is worth N points")
    build.add_argument("--visibility", action="append", type=_visibility, default=[], metavar="PATTERN=LEVEL",
                       help="Gradescope visibility of the tests whose name ('exercise: check') matches "
                            f"PATTERN (shell-style); LEVEL: {', '.join(VISIBILITIES)} (repeatable; last match wins)")
    build.add_argument("--leaderboard", action="store_true",
                       help="post each training exercise's held-out metric to the assignment's leaderboard")
    build.add_argument("--isolation", metavar="LEVEL", help="the level to require on Gradescope (default: the "
                       "strongest there)")
    build.add_argument("--install", metavar="SPEC",
                       help="what setup.sh installs with pip (default: this dltutor version, with [keras] when "
                            "the pack has Keras exercises)")
    build.add_argument("--wheel", metavar="FILE", help="a dltutor wheel to put in the zip and install from it")
    run = actions.add_parser("run", help="grade an upload as run_autograder does (for a local try)",
                             description="Grade ROOT/submission into ROOT/results/results.json as Gradescope's "
                             "run_autograder does; always writes results.json.", epilog=EXIT_CODES,
                             formatter_class=_Formatter)
    run.add_argument("--root", metavar="DIR", default=None, help="the Gradescope root (default /autograder, "
                     "or $DLTUTOR_GRADESCOPE_ROOT)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # a shell asking for completions (`dltutor completion SHELL`)
        import argcomplete  # noqa: PLC0415  (only what the command run needs is imported)

        argcomplete.autocomplete(parser)
    args = parser.parse_args(argv)
    if sys.platform == "win32":
        print("dltutor: Windows is not supported (the sandbox needs Linux or macOS); "
              "use WSL2.", file=sys.stderr)
        return 2
    if args.command is None and not (sys.stdin.isatty() and sys.stdout.isatty()):
        # The app needs a terminal; without one it would hang a script or a CI job.
        parser.print_help(sys.stderr)
        print("\ndltutor: no command given, and the app needs a terminal", file=sys.stderr)
        return 2
    from tutor.commands import run_command  # noqa: PLC0415  (only what the command run needs is imported)

    return run_command(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
