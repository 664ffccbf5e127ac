"""Time to the app's first paint, as a ratio to `python -c "import textual"`, measured in one run.

Each sample is a fresh interpreter running the `dltutor` command itself (`tutor.cli.main`) on a
new temporary workspace with the built-in course, headless: it prints the wall-clock time at which
the course screen has been composed and painted (the pilot's first pause returns after the first
refresh), so the time counts interpreter start, imports, course loading and workspace creation. The baseline is the whole
`python -c "import textual"` process. Medians of several samples are printed with their ratio.

    python bench/bench_app_startup.py [--samples 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

APP = r"""
import sys, time
from tutor.app import application


class Terminal:
    # `dltutor` without a command refuses to start the app off a terminal; headless, it needs none
    def __init__(self, stream):
        self._stream = stream

    def isatty(self):
        return True

    def __getattr__(self, name):
        return getattr(self._stream, name)

def first_paint_run(self, *args, **kwargs):
    async def first_paint(pilot):
        await pilot.pause()
        print(time.time(), file=sys.__stderr__, flush=True)
        pilot.app.exit()
    return original(self, headless=True, size=(120, 40), auto_pilot=first_paint)

original, application.TutorApp.run = application.TutorApp.run, first_paint_run
sys.stdin, sys.stdout = Terminal(sys.stdin), Terminal(sys.stdout)
from tutor.cli import main
main(["--workspace", sys.argv[1]])
"""


def _env() -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("NO_COLOR", None)
    return env


def baseline() -> float:
    start = time.time()
    subprocess.run([sys.executable, "-c", "import textual"], check=True, env=_env())
    return time.time() - start


def first_paint() -> float:
    with tempfile.TemporaryDirectory() as folder:
        start = time.time()
        out = subprocess.run([sys.executable, "-c", APP, str(Path(folder) / "ws")], check=True,
                             capture_output=True, text=True, env=_env(), cwd=folder).stderr
    return float(out.strip().splitlines()[-1]) - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=7)
    samples = parser.parse_args().samples
    first_paint()  # warm the file cache and bytecode once
    base = statistics.median(baseline() for _ in range(samples))
    app = statistics.median(first_paint() for _ in range(samples))
    print(f"python -c 'import textual': {base * 1000:7.0f} ms (median of {samples})")
    print(f"dltutor app, first paint:   {app * 1000:7.0f} ms (median of {samples})")
    print(f"ratio: {app / base:.1f}x")


if __name__ == "__main__":
    main()
