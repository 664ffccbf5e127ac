"""`python -m tutor.gradescope --root DIR --source DIR`: what run_autograder calls on Gradescope."""

import argparse
import sys

from tutor.gradescope.runner import run

parser = argparse.ArgumentParser(prog="python -m tutor.gradescope")
parser.add_argument("--root", default=None, help="the Gradescope root (default /autograder)")
parser.add_argument("--source", default=None, help="the unpacked autograder (default ROOT/source)")
arguments = parser.parse_args()
sys.exit(run(arguments.root, arguments.source))
