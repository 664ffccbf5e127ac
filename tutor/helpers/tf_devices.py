"""Trusted helper: what TensorFlow itself sees (version, CUDA build, GPUs), as one JSON line."""

from __future__ import annotations

import json
import os


def main() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    import tensorflow as tf  # noqa: PLC0415  (TensorFlow only in the helper that reports devices)

    build = tf.sysconfig.get_build_info()
    out.write(json.dumps({
        "tensorflow": tf.__version__,
        "built_with_cuda": bool(build.get("is_cuda_build", False)),
        "cuda_version": build.get("cuda_version", ""),
        "gpus": [d.name for d in tf.config.list_physical_devices("GPU")],
    }) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
