"""Places in a learner's file shown as ``path:line:col``, with terminal hyperlinks where supported.

Python says ``File "basics/scale.py", line 2, in scale`` and the grader ``basics/double.py,
line 2, column 12: …``; editors and terminals jump to ``path:line:col``, so the text reports
show that form. With the workspace known (``check``), the path is absolute, and on a terminal
that understands them it is also an OSC 8 hyperlink (``file://host/path``) the learner can
click. ``DLTUTOR_HYPERLINKS=1`` or ``0`` forces them on or off; otherwise they are used on a
terminal that is not ``dumb``, outside CI logs.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path
from urllib.parse import quote

_PLACE = re.compile(
    r'File "(?P<frame>[^"\n]+\.py)", line (?P<frame_line>\d+)(?P<rest>, in .*)?'
    r"|(?P<file>[\w.\-/]+\.py), line (?P<line>\d+)(?:, column (?P<column>\d+))?")


def hyperlinks_wanted(stream) -> bool:
    forced = os.environ.get("DLTUTOR_HYPERLINKS")
    if forced in ("0", "1"):
        return forced == "1"
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM", "") != "dumb" \
        and not os.environ.get("CI")


def _link(target: Path, shown: str) -> str:
    url = "file://" + quote(socket.gethostname()) + quote(str(target))
    return f"\x1b]8;;{url}\x1b\\{shown}\x1b]8;;\x1b\\"


def show_places(text: str, root: Path | None = None, links: bool = False) -> str:
    """``text`` with each place in a ``.py`` file written ``path:line:col`` (``path:line: in f``
    for a traceback frame); relative paths made absolute under ``root`` when it is given."""

    def place(match: re.Match) -> str:
        if match["frame"]:
            path, line, column, rest = match["frame"], match["frame_line"], None, match["rest"] or ""
        else:
            path, line, column, rest = match["file"], match["line"], match["column"], ""
        target = Path(path) if Path(path).is_absolute() or root is None else Path(root) / path
        shown = f"{target}:{line}" + (f":{column}" if column else "")
        if links and target.is_absolute() and "-packages/" not in str(target):
            shown = _link(target, shown)
        return shown + (":" + rest[1:] if rest else "")

    return _PLACE.sub(place, text)
