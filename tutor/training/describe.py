"""Runs INSIDE the sandbox (its source is sent there): turns the learner's build_model() into plain
data, the model's JSON config and compile settings, and their EPOCHS / BATCH_SIZE (or the same for
another builder, the ``contrast`` model some exercises train beside the graded one).

Nothing it returns is trusted: the grader's helper rebuilds the model from the config alone, with
built-in classes only, so weights, patched methods or lookup tables never leave the sandbox.
"""

import json
import sys


def describe(module_name, builder="build_model"):
    learner = sys.modules[module_name]
    build = getattr(learner, builder, None)
    if not callable(build):
        return {"problem": f"your file does not define {builder}()"}
    model = build()
    to_json = getattr(model, "to_json", None)
    if not callable(to_json):
        return {"problem": f"{builder}() returned {type(model).__name__}, not a keras Model"}
    compile_config = model.get_compile_config() if hasattr(model, "get_compile_config") else None
    return {
        "model_json": to_json(),
        "compile_json": json.dumps(compile_config),
        "epochs": getattr(learner, "EPOCHS", None),
        "batch_size": getattr(learner, "BATCH_SIZE", None),
    }
