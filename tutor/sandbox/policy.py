"""What a sandbox may see at L2 (Landlock grants) and L3 (bubblewrap binds), and what it never may.

One list serves both layers: the system's shared libraries, the interpreter (stdlib,
lib-dynload, libpython, the venv's ``pyvenv.cfg``), every ``sys.path`` entry of an isolated
(``python -I``) child, a few device nodes, CPU topology in ``/sys``, and the GPU's device nodes
when ``tutor.hardware`` detects one. Writes go to the scratch directory only.

Landlock only grants, so a tree that holds something secret must never be granted whole: a
``sys.path`` entry is skipped when it is, or contains, a *protected* path (the dltutor checkout
of an editable install, with ``solutions/`` inside; the built-in course; ``$DLTUTOR_COURSE``), or
when it directly holds ``solutions/``, ``exercises/`` or a ``.dltutor/`` workspace marker. The
harness the child needs from a checkout (``tutor/__init__.py`` and ``tutor/sandbox/``) is
imported before the layers close, and bound file by file for L3.

Standard library only at import time: the sandbox child imports ``grants`` too.
"""

from __future__ import annotations

import functools
import os
import sys

SYSTEM_READ = (
    "/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/libx32", "/lib", "/lib64", "/lib32", "/libx32",
    "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/usr/share/zoneinfo",
)
DEVICE_READ = ("/dev/urandom", "/dev/random", "/dev/zero")
DEVICE_WRITE = ("/dev/null", "/dev/full")
CPU_SYSFS = ("/sys/devices/system/cpu", "/sys/fs/cgroup")
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # .../tutor
PACKAGE_ROOT = os.path.dirname(PACKAGE_DIR)


def _real(path: str) -> str:
    return os.path.realpath(path)


def allowed_grant(path: str, protected: list[str]) -> bool:
    """Whether the tree at ``path`` may be granted (read-only) without exposing a protected path."""
    real = _real(path)
    if real == "/" or not os.path.exists(real):
        return False
    for secret in protected:
        if secret == real or secret.startswith(real.rstrip("/") + "/"):
            return False
    if os.path.isdir(real) and _holds_course(real):
        return False  # a workspace or a course lies right here
    return True


def _holds_course(real: str) -> bool:
    def has(*parts: str) -> bool:
        return os.path.exists(os.path.join(real, *parts))

    return has(".dltutor") or has("exercises", "course.toml") or (has("solutions") and has("exercises"))


def grants(path: str, protected: list[str], depth: int = 3) -> list[str]:
    """What of the tree at ``path`` may be granted: the tree itself when it exposes nothing
    protected; else, for a folder that merely *contains* a protected tree (a ``pip install
    --target`` folder holding both the packages and ``share/dltutor``), its entries one by one,
    down to ``depth`` levels; never a protected tree, a course or a workspace itself."""
    if allowed_grant(path, protected):
        return [path]
    real = _real(path)
    if depth <= 0 or real == "/" or not os.path.isdir(real) or real in protected or _holds_course(real):
        return []
    found = []
    try:
        names = sorted(os.listdir(real))
    except OSError:
        return []
    for name in names:
        found += grants(os.path.join(real, name), protected, depth - 1)
    return found


def protected_paths() -> list[str]:
    """Trees a sandbox must never be granted whole: the checkout beside the package and the course."""
    found = set()
    if os.path.basename(PACKAGE_ROOT) not in ("site-packages", "dist-packages"):
        found.add(_real(PACKAGE_ROOT))
    try:
        from tutor.locations import default_course_root  # noqa: PLC0415

        found.add(_real(str(default_course_root())))
    except Exception:  # noqa: BLE001  (never let a broken course location stop a sandbox)
        pass
    if env := os.environ.get("DLTUTOR_COURSE"):
        found.add(_real(os.path.expanduser(env)))
    return sorted(found)


def interpreter_paths() -> list[str]:
    """The interpreter's own files: executables, pyvenv.cfg, stdlib, lib-dynload, libpython."""
    import glob  # noqa: PLC0415  (the child imports this module: keep its import cheap)
    import sysconfig  # noqa: PLC0415

    paths = [sys.executable, _real(sys.executable), os.path.join(sys.prefix, "pyvenv.cfg")]
    for key in ("stdlib", "platstdlib"):
        if value := sysconfig.get_paths().get(key):
            paths.append(value)
    if dynload := sysconfig.get_config_var("DESTSHARED"):
        paths.append(dynload)
    libdir = sysconfig.get_config_var("LIBDIR") or ""
    if sysconfig.get_config_var("Py_ENABLE_SHARED") and libdir:
        paths += sorted(glob.glob(os.path.join(libdir, "libpython*")))
    return [p for p in dict.fromkeys(paths) if os.path.exists(p)]


def harness_paths() -> list[str]:
    """What the bootstrap imports from dltutor itself (bound for L3 when the package is a checkout)."""
    return [os.path.join(PACKAGE_DIR, "__init__.py"), os.path.join(PACKAGE_DIR, "sandbox")]


def gpu_devices() -> list[str]:
    """The GPU's device nodes when ``tutor.hardware`` detects a GPU, else nothing."""
    import glob  # noqa: PLC0415

    from tutor import hardware  # noqa: PLC0415

    if hardware.detect().kind != "gpu":
        return []
    nodes = glob.glob("/dev/nvidia*") + glob.glob("/dev/nvidia-caps/*") + glob.glob("/dev/dxg")
    return sorted(p for p in nodes if not os.path.isdir(p))


def sysfs_paths(gpu: bool) -> list[str]:
    """CPU topology for numpy and TensorFlow; all of /sys (read-only) when a GPU needs its PCI tree."""
    return ["/sys"] if gpu else [p for p in CPU_SYSFS if os.path.exists(p)]


def read_paths(child_path: list[str], protected: list[str], gpu: bool) -> list[str]:
    """Every tree or file the sandbox may read, for Landlock and for bubblewrap's read-only binds."""
    paths = [p for p in SYSTEM_READ if os.path.lexists(p)]
    paths += interpreter_paths() + list(child_path) + sysfs_paths(gpu)
    return list(dict.fromkeys(g for p in dict.fromkeys(paths) for g in grants(p, protected)))


@functools.lru_cache(maxsize=1)
def child_sys_path() -> tuple[str, ...]:
    """``sys.path`` of an isolated child (``python -I``), which is what the sandbox imports from.

    Asking a child costs an interpreter start on every strong-level launch, so the answer is kept
    on disk beside the isolation probe's, keyed by the interpreter and the state of its
    site-packages (a package installed or a ``.pth`` file added asks again).
    """
    import json  # noqa: PLC0415

    key = _sys_path_key()
    store = _sys_path_store()
    try:
        cached = json.loads(store.read_text())
        if cached.get("key") == key and isinstance(cached.get("path"), list):
            return tuple(str(p) for p in cached["path"])
    except (OSError, ValueError, AttributeError):
        pass
    found = _ask_child_sys_path()
    try:
        from tutor.atomic import write_atomic  # noqa: PLC0415

        store.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(store, json.dumps({"key": key, "path": list(found)}))
    except OSError:
        pass  # a read-only cache folder costs one child per process, nothing worse
    return found


def _ask_child_sys_path() -> tuple[str, ...]:
    import json  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    code = "import json,sys;print(json.dumps(sys.path))"
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True,
                         timeout=60, check=True, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    return tuple(json.loads(out.stdout.strip().splitlines()[-1]))


def _sys_path_store():
    from tutor.locations import probe_cache  # noqa: PLC0415  (the child imports this module too)

    return probe_cache().with_name("child-sys-path.json")


def _sys_path_key() -> str:
    import sysconfig  # noqa: PLC0415

    parts = [sys.executable, _real(sys.executable)]
    for folder in dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib")):
        try:
            parts.append(f"{folder}:{os.stat(folder).st_mtime_ns}")
            parts += sorted(f"{e.name}:{e.stat().st_mtime_ns}" for e in os.scandir(folder) if e.name.endswith(".pth"))
        except OSError:
            continue
    return "\n".join(parts)
