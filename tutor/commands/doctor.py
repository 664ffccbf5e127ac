"""`dltutor doctor`: what this machine gives dltutor, and why anything is missing."""

from __future__ import annotations

import platform
import sys

from tutor import __version__, hardware
from tutor.course import CourseError
from tutor.locations import default_course_root, find_workspace
from tutor.sandbox import isolation


def doctor(session) -> int:
    ok = True
    print(f"dltutor {__version__} on Python {platform.python_version()} ({sys.executable})")
    try:
        course = session.course
        print(f"course     {course.name} {course.version}: {len(course.exercises)} exercises at {course.root}")
    except CourseError as exc:
        ok = False
        print(f"course     ✘ {exc}")
    if not session.args.course:
        print(f"           (built-in course location: {default_course_root()})")
    print(f"workspace  {find_workspace(session.args.workspace)}")
    try:
        level = isolation.resolve()
        print(f"sandbox    {level.describe()}")
    except isolation.IsolationUnavailable as exc:
        ok = False
        print(f"sandbox    ✘ {exc}")
    device = hardware.detect()
    print(f"device     {device.describe()}" + (f" ({device.note})" if device.note else ""))
    return 0 if ok else 1
