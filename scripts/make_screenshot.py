"""Regenerates docs/screenshot.svg: the exercise screen of the test fixture course with a failed verdict.

    .venv/bin/python scripts/make_screenshot.py [--out docs/screenshot.svg] [--size 120x34]

Drives the real app headless (Textual's pilot) against a throwaway workspace; the status bar's
device, sandbox and workspace texts are pinned so the picture does not depend on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "tests" / "fixture_course"
WRONG = 'def double(x):\n    """Return 2 * x."""\n    return 3 * x\n'


async def shoot(out: Path, size: tuple[int, int]) -> None:
    from textual.widgets import Static, TextArea

    from tutor.app.main import make_app
    from tutor.course import load_course
    from tutor.workspace import Workspace

    with tempfile.TemporaryDirectory() as scratch:
        os.environ["DLTUTOR_WORKSPACE"] = scratch
        course = load_course(COURSE)
        app = make_app(course, Workspace(Path(scratch), course), device="CPU: Example CPU (2 cores)",
                       sandbox="sandbox: strong (L1 + L2 + L3)", workspace_label="~/dltutor-workspace",
                       cursor_blink=False)
        async with app.run_test(size=size) as pilot:
            app.open_exercise("double")
            await pilot.pause(0.5)
            app.screen.query_one("#editor", TextArea).load_text(WRONG)
            await pilot.press("ctrl+s")
            deadline = time.monotonic() + 60
            while app.checking is not None or "failed" not in str(app.screen.query_one("#verdict", Static).render()):
                if time.monotonic() > deadline:
                    raise SystemExit("no verdict within 60 s")
                await pilot.pause(0.1)
            await pilot.pause(0.5)
            out.parent.mkdir(parents=True, exist_ok=True)
            app.save_screenshot(filename=out.name, path=str(out.parent))
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshot.svg")
    parser.add_argument("--size", default="120x34", help="columns x rows (default 120x34: the whole footer fits)")
    args = parser.parse_args()
    columns, rows = (int(n) for n in args.size.lower().split("x"))
    os.environ.pop("NO_COLOR", None)  # a screenshot in colour, whatever this terminal says
    sys.path.insert(0, str(REPO))
    asyncio.run(shoot(args.out.resolve(), (columns, rows)))


if __name__ == "__main__":
    main()
