"""Command-line parsing for `dltutor`; imports the Textual app only for the TUI itself."""

from __future__ import annotations

import argparse
import os
import sys

from tutor import __version__


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dltutor", description="A terminal tutor for deep learning. Without a command, opens the app.")
    parser.add_argument("--version", action="version", version=f"dltutor {__version__}")
    parser.add_argument("--workspace", metavar="DIR", help="the learner workspace to use")
    parser.add_argument("--course", metavar="DIR", help="an outside course pack (default: the built-in course)")
    parser.add_argument("--seed", type=int, default=None, help="seed for every generated input (default 1234)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=help_text)

    isolation_help = "basic, standard or strong; fails (exit 2) if not available here"
    sub = add("list", "list the exercises with their status")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = add("check", "grade one exercise in your workspace and record progress")
    sub.add_argument("exercise", metavar="ID")
    sub.add_argument("--json", action="store_true", help="print the GradeReport as JSON")
    sub.add_argument("--isolation", metavar="LEVEL", help=isolation_help)
    sub = add("grade", "grade workspaces (or folders of them) without touching progress")
    sub.add_argument("paths", nargs="+", metavar="PATH")
    sub.add_argument("--exercise", action="append", metavar="ID", help="only this exercise (repeatable)")
    sub.add_argument("--jobs", type=_positive_int, default=os.cpu_count() or 1, metavar="N")
    _add_report_options(sub)
    sub.add_argument("--shard", metavar="I/N", help="grade only shard I of N (1-based, by submission name)")
    sub.add_argument("--isolation", metavar="LEVEL", help=isolation_help)
    sub.add_argument("--allow-basic", action="store_true",
                     help="grade several submissions at basic isolation, accepting that their sandboxes "
                          "could read each other's files")
    sub = add("merge", "join the JSON results of grading shards into one report")
    sub.add_argument("files", nargs="+", metavar="FILE", help="results of `dltutor grade --format json`")
    _add_report_options(sub)
    for name, text in (("hint", "show the next hint"), ("reset", "restore the starter (your file is backed up)"),
                       ("solution", "show the reference solution (after you passed)")):
        add(name, text).add_argument("exercise", metavar="ID")
    sub = add("doctor", "explain this machine: course, workspace, sandbox isolation, compute device")
    sub.add_argument("--tensorflow", action="store_true",
                     help="also ask TensorFlow which devices it sees (automatic when a GPU is found)")
    sub = add("validate", "prove the course is sound (for instructors)")
    sub.add_argument("--course", metavar="DIR", default=argparse.SUPPRESS,
                     help="the course pack to validate (same as the global --course)")
    sub.add_argument("--exercise", action="append", metavar="ID", help="only this exercise (repeatable)")
    sub.add_argument("--jobs", type=_positive_int, default=os.cpu_count() or 1, metavar="N")
    sub = add("new", "scaffold a new exercise in the course (for instructors)")
    sub.add_argument("exercise", metavar="ID", help="the new exercise's id (a Python identifier)")
    sub.add_argument("--chapter", metavar="ID", help="the chapter to add it to (default: the last one)")
    sub.add_argument("--title", help="its title (default: made from the id)")
    return parser


def _add_report_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--format", choices=("text", "json", "junit", "gradescope"), default="text")
    sub.add_argument("--output", metavar="PATH",
                     help="write the report here instead of stdout (gradescope with several "
                          "submissions: a folder of <submission>/results.json)")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if sys.platform == "win32":
        print("dltutor: Windows is not supported (the sandbox needs Linux or macOS); "
              "use WSL2.", file=sys.stderr)
        return 2
    from tutor.commands import run_command

    return run_command(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
