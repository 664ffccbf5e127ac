"""GPU detection with a fake `nvidia-smi` on PATH and an injected TensorFlow device report."""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest

from tests.support import FIXTURE_COURSE, Cli
from tutor import hardware

H100 = "NVIDIA H100 80GB HBM3, 81559, 550.54.15"


def fake_nvidia_smi(folder, output: str, code: int = 0):
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "nvidia-smi"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' '{output}'\nexit {code}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder


@pytest.fixture
def gpu_path(tmp_path, monkeypatch):
    """PATH with a fake nvidia-smi listing one H100 in front."""
    folder = fake_nvidia_smi(tmp_path / "bin", H100)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    hardware.detect.cache_clear()
    yield folder
    hardware.detect.cache_clear()


@pytest.fixture
def no_gpu_path(tmp_path, monkeypatch):
    """PATH without any nvidia-smi (only the folders that hold python and sh)."""
    monkeypatch.setenv("PATH", os.pathsep.join({os.path.dirname(shutil.which("sh"))}))
    hardware.detect.cache_clear()
    yield
    hardware.detect.cache_clear()


def injected_report(tmp_path, monkeypatch, **report):
    path = tmp_path / "tf-report.json"
    path.write_text(json.dumps({"tensorflow": "2.21.0", "cuda_version": "12.5", **report}))
    monkeypatch.setenv(hardware.TF_REPORT_ENV, str(path))
    return hardware.tensorflow_report()


def test_no_gpu(no_gpu_path, tmp_path, monkeypatch):
    device = hardware.detect()
    assert device.kind == "cpu" and device.note == "nvidia-smi not found"
    assert device.describe().startswith("CPU: ")
    assert hardware.explain(device, injected_report(tmp_path, monkeypatch, built_with_cuda=False, gpus=[])) == ""


def test_one_gpu(gpu_path, tmp_path, monkeypatch):
    device = hardware.detect()
    assert device.kind == "gpu" and device.name == "NVIDIA H100 80GB HBM3"
    assert device.memory_mb == 81559 and device.gpus[0].driver == "550.54.15"
    assert device.describe() == "GPU: NVIDIA H100 80GB HBM3 (80 GiB)"
    report = injected_report(tmp_path, monkeypatch, built_with_cuda=True, gpus=["/physical_device:GPU:0"])
    assert hardware.explain(device, report) == ""


def test_nvidia_smi_sees_a_gpu_but_tensorflow_does_not(gpu_path, tmp_path, monkeypatch):
    device = hardware.detect()
    cpu_build = injected_report(tmp_path, monkeypatch, built_with_cuda=False, gpus=[])
    assert "CPU-only build" in hardware.explain(device, cpu_build)
    assert "dltutor[gpu]" in hardware.explain(device, cpu_build)
    cuda_build = injected_report(tmp_path, monkeypatch, built_with_cuda=True, gpus=[])
    reason = hardware.explain(device, cuda_build)
    assert "/dev/nvidia" in reason or "driver" in reason


def test_a_failing_nvidia_smi_is_explained(tmp_path, monkeypatch):
    folder = fake_nvidia_smi(tmp_path / "bin", "NVIDIA-SMI has failed because it could not communicate", 9)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    hardware.detect.cache_clear()
    try:
        device = hardware.detect()
    finally:
        hardware.detect.cache_clear()
    assert device.kind == "cpu" and "could not communicate" in device.note


def required_pack(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_COURSE, pack)
    meta = pack / "exercises" / "double" / "exercise.toml"
    meta.write_text(meta.read_text().replace('id = "double"', 'id = "double"\ngpu = "required"'))
    return pack


def test_a_required_gpu_exercise_is_skipped_on_cpu_with_the_reason(tmp_path):
    cli = Cli(tmp_path / "ws", required_pack(tmp_path))
    env = {"PATH": os.path.dirname(shutil.which("sh"))}
    code, report = cli.json("check", "double", "--json", env=env)
    assert report["status"] == "skipped" and code == 0  # skipped is not a failure (exit codes)
    assert "needs a GPU" in report["message"] and "nvidia-smi not found" in report["message"]
    assert report["device"]["kind"] == "cpu"


def test_a_required_gpu_exercise_is_graded_when_a_gpu_is_there(tmp_path):
    cli = Cli(tmp_path / "ws", required_pack(tmp_path))
    folder = fake_nvidia_smi(tmp_path / "bin", H100)
    env = {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}
    assert cli("list", env=env).returncode == 0
    cli.learner_file("basics/double.py").write_text("def double(x):\n    return 2 * x\n")
    code, report = cli.json("check", "double", "--json", env=env)
    assert report["status"] == "passed" and code == 0
    assert report["device"]["name"] == "NVIDIA H100 80GB HBM3"


def test_doctor_explains_a_gpu_tensorflow_cannot_see(tmp_path):
    folder = fake_nvidia_smi(tmp_path / "bin", H100)
    report = tmp_path / "tf.json"
    report.write_text(json.dumps({"tensorflow": "2.21.0", "built_with_cuda": False, "gpus": []}))
    env = {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}", hardware.TF_REPORT_ENV: str(report)}
    result = Cli(tmp_path / "ws", FIXTURE_COURSE)("doctor", env=env)
    assert "GPU: NVIDIA H100 80GB HBM3 (80 GiB)" in result.stdout
    assert "tensorflow 2.21.0 (CPU-only build) sees no GPU" in result.stdout
    assert "CPU-only build: install the GPU build" in result.stdout


def test_a_recommended_gpu_exercise_on_cpu_says_it_ran_on_the_cpu(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_COURSE, pack)
    meta = pack / "exercises" / "double" / "exercise.toml"
    meta.write_text(meta.read_text().replace('id = "double"', 'id = "double"\ngpu = "recommended"'))
    cli = Cli(tmp_path / "ws", pack)
    env = {"PATH": os.path.dirname(shutil.which("sh"))}
    cli("list", env=env)
    cli.learner_file("basics/double.py").write_text("def double(x):\n    return 2 * x\n")
    code, report = cli.json("check", "double", "--json", env=env)
    assert code == 0 and report["status"] == "passed"
    assert "No GPU found: this exercise ran on the CPU" in report["message"]
