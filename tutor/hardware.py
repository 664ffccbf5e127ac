"""Detects the compute device without TensorFlow: GPUs through `nvidia-smi`, else the CPU."""

from __future__ import annotations

import functools
import glob
import json
import os
import platform
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass

TF_REPORT_ENV = "DLTUTOR_TF_DEVICE_REPORT"  # a JSON file standing in for the helper's report (tests)


@dataclass(frozen=True)
class Gpu:
    name: str
    memory_mb: int
    driver: str


@dataclass(frozen=True)
class Device:
    kind: str  # "cpu" or "gpu"
    name: str
    memory_mb: int = 0
    cores: int = 0
    gpus: tuple[Gpu, ...] = ()
    note: str = ""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["gpus"] = [asdict(g) for g in self.gpus]
        return data

    def describe(self) -> str:
        if self.kind == "gpu":
            return f"GPU: {self.name} ({self.memory_mb / 1024:.0f} GiB)"
        return f"CPU: {self.name} ({self.cores} cores)"


def query_gpus(timeout: float = 5.0) -> tuple[tuple[Gpu, ...], str]:
    """GPUs that `nvidia-smi` reports, and a note when it is missing or failed."""
    exe = shutil.which("nvidia-smi")
    if not exe:
        return (), "nvidia-smi not found"
    try:
        out = subprocess.run(
            [exe, "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return (), f"nvidia-smi failed: {exc}"
    if out.returncode != 0:
        return (), f"nvidia-smi failed: {(out.stderr or out.stdout).strip()[:200]}"
    gpus = []
    for line in out.stdout.strip().splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) >= 3:
            memory = parts[1].split()[0]
            gpus.append(Gpu(parts[0], int(float(memory)) if memory.replace(".", "").isdigit() else 0, parts[2]))
    return tuple(gpus), "" if gpus else "nvidia-smi listed no GPU"


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


@functools.lru_cache(maxsize=1)
def detect() -> Device:
    """The device training runs on: the first GPU if `nvidia-smi` lists one, else the CPU."""
    gpus, note = query_gpus()
    cores = os.cpu_count() or 1
    if gpus:
        return Device("gpu", gpus[0].name, gpus[0].memory_mb, cores, gpus, note)
    return Device("cpu", _cpu_name(), 0, cores, (), note)


def tensorflow_report(timeout: float = 120.0) -> dict:
    """What TensorFlow sees, from a trusted helper process (the grader never imports it)."""
    injected = os.environ.get(TF_REPORT_ENV)
    if injected:
        with open(injected, encoding="utf-8") as handle:
            return json.load(handle)
    try:
        out = subprocess.run([sys.executable, "-I", "-m", "tutor.helpers.tf_devices"], capture_output=True,
                             text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"error": f"the TensorFlow helper did not answer: {exc}"}
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:
        tail = (out.stderr.strip().splitlines() or [f"exit code {out.returncode}"])[-1]
        return {"error": f"TensorFlow could not be imported: {tail[:300]}"}
    return json.loads(lines[-1])


def explain(device: Device, tf_report: dict) -> str:
    """Why TensorFlow's view differs from nvidia-smi's, or "" when they agree."""
    if "error" in tf_report:
        return tf_report["error"]
    tf_gpus = tf_report.get("gpus") or []
    if device.kind != "gpu":
        return "TensorFlow sees a GPU that nvidia-smi does not list" if tf_gpus else ""
    if tf_gpus:
        return ""
    if not tf_report.get("built_with_cuda"):
        return (f"nvidia-smi lists {device.name}, but TensorFlow {tf_report.get('tensorflow', '')} is a CPU-only "
                "build: install the GPU build with `pip install 'dltutor[gpu]'` (tensorflow[and-cuda])")
    if not glob.glob("/dev/nvidia[0-9]*"):
        return (f"nvidia-smi lists {device.name}, but no /dev/nvidia* device node is visible here: pass the "
                "GPU's device nodes into this container or sandbox")
    driver = device.gpus[0].driver if device.gpus else "?"
    return (f"nvidia-smi lists {device.name} (driver {driver}), but TensorFlow (CUDA "
            f"{tf_report.get('cuda_version') or '?'}) cannot use it: the driver may be too old for this CUDA")
