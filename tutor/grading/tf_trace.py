"""Runs INSIDE the learner's sandbox (its source is sent there): traces a learner's TensorFlow function,
or a Keras layer's ``call`` with given weights, into a GraphDef returned as bytes.

Nothing here is trusted. The learner's code shares this process and may replace any of it; what it
returns is only a claim, a graph that the graph worker checks against its op allowlist and runs
on inputs this process never sees (``graph_harness.py``). So the tracing only has to be right for
honest code: shapes and dtypes in (the grader sends ``TensorSpec``s, never values), captured
variables frozen to constants, and, when tracing fails, the learner's own line that broke it.
"""

import linecache
import os
import sys
import traceback

import numpy as np

MAX_GRAPH_BYTES = 4 * 1024 * 1024
DTYPES = ("float16", "float32", "float64", "int32", "int64", "bool")


def _specs(tf, specs):
    out = []
    for shape, dtype in specs:
        if dtype not in DTYPES:
            raise ValueError(f"cannot trace for dtype {dtype!r}")
        out.append(tf.TensorSpec([int(n) for n in shape], getattr(tf, dtype)))
    return out


def _learner_files(module_name):
    module = sys.modules.get(module_name)
    return {getattr(module, "__file__", None)} - {None}


def _untraceable(exc, files):
    """Where tracing broke: the last frame in the learner's file, and what was raised there."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in files]
    where = {}
    if frames:
        frame = frames[-1]
        code = frame.line or linecache.getline(frame.filename, frame.lineno).strip()
        where = {"file": os.path.basename(frame.filename), "line": int(frame.lineno), "code": str(code)[:200]}
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001  (a hostile __str__ must not stop the answer)
        message = ""
    first = message.strip().splitlines()[0] if message.strip() else ""
    return {"untraceable": {**where, "exception": type(exc).__name__, "message": first[:500]}}


def _raised_by_learner(exc, files):
    """The learner's own ``raise NotImplementedError`` (a starter) is reported as such, not as a trace failure."""
    frames = traceback.extract_tb(exc.__traceback__)
    return isinstance(exc, NotImplementedError) and bool(frames) and frames[-1].filename in files


def _graph_of(tf, concrete):
    from tensorflow.python.framework.convert_to_constants import (  # noqa: PLC0415
        convert_variables_to_constants_v2,
    )

    # Functional control flow (StatelessWhile, If) keeps loop and branch bodies as library
    # functions the graph worker checks; lowered version-1 loops could not be differentiated there.
    frozen = convert_variables_to_constants_v2(concrete, lower_control_flow=False)
    data = frozen.graph.as_graph_def().SerializeToString()
    if len(data) > MAX_GRAPH_BYTES:
        raise OverflowError(f"the traced graph is {len(data) // 1024} KiB, over the "
                            f"{MAX_GRAPH_BYTES // 1024} KiB limit")
    structured = concrete.structured_outputs
    return {"graph": np.frombuffer(data, dtype=np.uint8).copy(),
            "inputs": [t.name for t in frozen.inputs],
            "outputs": [t.name for t in frozen.outputs],
            "tuple": isinstance(structured, (tuple, list))}


def _trace(tf, function, specs, files):
    try:
        concrete = tf.function(function, autograph=False).get_concrete_function(*specs)
    except Exception as exc:
        if _raised_by_learner(exc, files):
            raise
        return _untraceable(exc, files)
    return _graph_of(tf, concrete)


def _quiet(tf):
    # Retracing warnings and the like are not the learner's output.
    tf.get_logger().setLevel("ERROR")


def trace_function(module_name, function, specs):
    """Trace ``module_name.function`` for ``specs`` ([shape, dtype] per argument)."""
    import tensorflow as tf  # noqa: PLC0415  (a preload where this runs; never in the grader)

    _quiet(tf)
    fn = getattr(sys.modules[module_name], function, None)
    if not callable(fn):
        return {"missing": function}
    return _trace(tf, fn, _specs(tf, specs), _learner_files(module_name))


def trace_layer(module_name, class_name, init_kwargs, specs, weights):
    """Build ``class_name(**init_kwargs)`` on zeros of ``specs``, set ``weights`` in order, trace its call."""
    import tensorflow as tf  # noqa: PLC0415

    _quiet(tf)
    layer_class = getattr(sys.modules[module_name], class_name, None)
    if not callable(layer_class):
        return {"missing": class_name}
    specs = _specs(tf, specs)
    layer = layer_class(**init_kwargs)
    layer(*[tf.zeros(s.shape, s.dtype) for s in specs])  # builds the weights, from shapes alone
    shapes = [tuple(w.shape) for w in layer.get_weights()]
    given = [tuple(np.shape(w)) for w in weights]
    if shapes != given:
        raise ValueError(f"{class_name} has weights of shapes {shapes}, expected {given} "
                         "(in the order the lesson gives)")
    layer.set_weights([np.asarray(w) for w in weights])
    return _trace(tf, lambda *inputs: layer(*inputs), specs, _learner_files(module_name))
