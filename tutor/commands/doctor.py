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
    _print_layers()
    device = hardware.detect()
    print(f"device     {device.describe()}" + (f" ({device.note})" if device.note else ""))
    if device.kind == "gpu":
        from tutor.sandbox import policy  # noqa: PLC0415

        nodes = policy.gpu_devices()
        print("           device nodes passed into standard/strong sandboxes: "
              + (", ".join(nodes) if nodes else "none found under /dev (TensorFlow there will see no GPU)"))
    if device.kind == "gpu" or getattr(session.args, "tensorflow", False):
        _print_tensorflow(device)
    return 0 if ok else 1


def _print_tensorflow(device) -> None:
    """What TensorFlow sees, from a trusted helper (a few seconds: it imports TensorFlow)."""
    report = hardware.tensorflow_report()
    if "error" not in report:
        gpus = ", ".join(report.get("gpus") or []) or "no GPU"
        build = "CUDA " + (report.get("cuda_version") or "?") if report.get("built_with_cuda") else "CPU-only build"
        print(f"tensorflow {report.get('tensorflow', '?')} ({build}) sees {gpus}")
    if mismatch := hardware.explain(device, report):
        print(f"           ✘ {mismatch}")


def _print_layers() -> None:
    """One line per level: available or not, with the layer it adds and why it is missing."""
    from tutor.sandbox import probe  # noqa: PLC0415

    missing = isolation.missing_layers()
    found = isolation.details()
    notes = {
        "L2": f"Landlock ABI {found['landlock_abi']}, seccomp filter for {found['seccomp_arch']}"
        if "landlock_abi" in found and "seccomp_arch" in found else "",
        "L3": found.get("bwrap", ""),
    }
    for level, layers in isolation.LEVELS.items():
        layer = layers[-1]
        lacking = [name for name in layers if name in missing]
        mark = "✘ unavailable" if lacking else "✔ available"
        text = f"{layer}: {isolation.LAYER_NAMES[layer]}"
        if layer in missing:
            text += f"; missing: {missing[layer]}"
        elif lacking:
            text += f"; needs {', '.join(lacking)}"
        elif notes.get(layer):
            text += f" ({notes[layer]})"
        print(f"           {level:<9} {mark:<14} {text}")
    print(f"           (probed once per machine; cached in {probe.cache_path()})")

