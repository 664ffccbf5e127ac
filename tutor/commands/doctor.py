"""`dltutor doctor`: what this machine gives dltutor, and why anything is missing (text or JSON)."""

from __future__ import annotations

import platform
import sys

from tutor import __version__, extras, hardware
from tutor.course import CourseError
from tutor.locations import default_course_root, find_workspace
from tutor.sandbox import isolation


def facts(session) -> dict:
    """Everything doctor knows, as plain data; ``problems`` lists what makes it exit 1."""
    out: dict = {"dltutor": __version__, "python": platform.python_version(), "executable": sys.executable,
                 "problems": []}
    try:
        course = session.course
        out["course"] = {"name": course.name, "version": course.version, "exercises": len(course.exercises),
                         "root": str(course.root)}
    except CourseError as exc:
        out["course"] = {"error": str(exc)}
        out["problems"].append(str(exc))
    out["builtin_course"] = str(default_course_root())
    out["workspace"] = str(find_workspace(session.args.workspace))
    try:
        out["isolation"] = isolation.resolve().to_dict()
    except isolation.IsolationUnavailable as exc:
        out["isolation"] = {"error": str(exc)}
        out["problems"].append(str(exc))
    found = isolation.details()
    missing = isolation.missing_layers()
    out["levels"] = {level: {"available": not any(name in missing for name in layers), "layers": list(layers),
                             "missing": {name: missing[name] for name in layers if name in missing}}
                     for level, layers in isolation.LEVELS.items()}
    out["layer_details"] = found
    lacking = extras.missing_keras_packages()
    out["keras"] = {"installed": not lacking, "missing": list(lacking),
                    "enable": extras.ENABLE_KERAS if lacking else ""}
    device = hardware.detect()
    out["device"] = device.to_dict()
    if device.kind == "gpu":
        from tutor.sandbox import policy  # noqa: PLC0415

        out["gpu_device_nodes"] = policy.gpu_devices()
    if (device.kind == "gpu" or getattr(session.args, "tensorflow", False)) and not lacking:
        report = hardware.tensorflow_report()  # a trusted helper: a few seconds, it imports TensorFlow
        out["tensorflow"] = report
        out["tensorflow_mismatch"] = hardware.explain(device, report) or ""
    return out


def doctor(session) -> int:
    data = facts(session)
    if getattr(session.args, "json", False):
        from tutor.reporters import json_report  # noqa: PLC0415  (only for --json)

        sys.stdout.write(json_report.dumps(data))
    else:
        _print(data)
    return 1 if data["problems"] else 0


def _print(data: dict) -> None:
    from tutor.sandbox import probe  # noqa: PLC0415

    print(f"dltutor {data['dltutor']} on Python {data['python']} ({data['executable']})")
    course = data["course"]
    if "error" in course:
        print(f"course     ✘ {course['error']}")
    else:
        print(f"course     {course['name']} {course['version']}: {course['exercises']} exercises at {course['root']}")
    print(f"           (built-in course location: {data['builtin_course']})")
    print(f"workspace  {data['workspace']}")
    level = data["isolation"]
    print(f"sandbox    ✘ {level['error']}" if "error" in level else f"sandbox    {isolation.resolve().describe()}")
    _print_layers(data)
    print(f"           (probed once per machine; cached in {probe.cache_path()})")
    keras = data["keras"]
    print("keras      ✔ TensorFlow, Keras and scikit-learn are installed" if keras["installed"] else
          f"keras      ↷ not installed ({', '.join(keras['missing'])} missing): the Keras chapters are skipped "
          f"in check and cannot be graded; `{keras['enable']}` enables them")
    device = hardware.detect()
    print(f"device     {device.describe()}" + (f" ({device.note})" if device.note else ""))
    if "gpu_device_nodes" in data:
        nodes = data["gpu_device_nodes"]
        print("           device nodes passed into standard/strong sandboxes: "
              + (", ".join(nodes) if nodes else "none found under /dev (TensorFlow there will see no GPU)"))
    if report := data.get("tensorflow"):
        if "error" not in report:
            gpus = ", ".join(report.get("gpus") or []) or "no GPU"
            build = ("CUDA " + (report.get("cuda_version") or "?") if report.get("built_with_cuda")
                     else "CPU-only build")
            print(f"tensorflow {report.get('tensorflow', '?')} ({build}) sees {gpus}")
        if data.get("tensorflow_mismatch"):
            print(f"           ✘ {data['tensorflow_mismatch']}")


def _print_layers(data: dict) -> None:
    """One line per level: available or not, with the layer it adds and why it is missing."""
    found = data["layer_details"]
    notes = {
        "L2": f"Landlock ABI {found['landlock_abi']}, seccomp filter for {found['seccomp_arch']}"
        if "landlock_abi" in found and "seccomp_arch" in found else "",
        "L3": found.get("bwrap", ""),
    }
    all_missing = {name: why for level in data["levels"].values() for name, why in level["missing"].items()}
    for level, info in data["levels"].items():
        layer = info["layers"][-1]
        lacking = [name for name in info["layers"] if name in all_missing]
        mark = "✘ unavailable" if lacking else "✔ available"
        text = f"{layer}: {isolation.LAYER_NAMES[layer]}"
        if layer in all_missing:
            text += f"; missing: {all_missing[layer]}"
        elif lacking:
            text += f"; needs {', '.join(lacking)}"
        elif notes.get(layer):
            text += f" ({notes[layer]})"
        print(f"           {level:<9} {mark:<14} {text}")
