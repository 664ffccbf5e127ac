"""Runs INSIDE the graph worker (its source is sent there): checks a traced GraphDef against the op
allowlist, imports it, runs it on the grader's inputs and takes its gradients, as numpy.

The graph worker loads no learner Python and no reference: only this module and
``op_allowlist.py``. The GraphDef is untrusted data, so it is parsed under a size cap, every node
and every library function is checked before TensorFlow sees it, and the worker is sandboxed
like a learner in case TensorFlow itself mishandles a hostile graph.
"""

import numpy as np

try:  # in the graph worker, op_allowlist.py is loaded as this module beside this one
    import _dltutor_op_allowlist as allowlist
except ImportError:  # imported from the package (tests)
    from tutor.grading import op_allowlist as allowlist

MAX_GRAPH_BYTES = 4 * 1024 * 1024
RefusedGraph = allowlist.RefusedGraph


class GraphNotRunnable(Exception):
    """The graph passed the allowlist but TensorFlow could not import or run it on these inputs."""


def _parse(tf, graph):
    if not isinstance(graph, np.ndarray) or graph.dtype != np.uint8 or graph.ndim != 1:
        raise RefusedGraph("is not a serialized GraphDef (bytes)")
    if graph.size > MAX_GRAPH_BYTES:
        raise RefusedGraph(f"is {graph.size // 1024} KiB, over the {MAX_GRAPH_BYTES // 1024} KiB limit")
    graph_def = tf.compat.v1.GraphDef()
    try:
        graph_def.ParseFromString(graph.tobytes())
    except Exception as exc:  # noqa: BLE001  (protobuf raises DecodeError and others)
        raise RefusedGraph(f"is not a valid GraphDef ({type(exc).__name__})") from None
    return graph_def


def _first_line(exc) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:500]


def run_graph(graph, inputs, outputs, values, wrt=(), upstream=None):
    """Outputs of the traced graph on ``values`` and, when ``upstream`` is given, the gradients of
    sum(upstream * first output) with respect to ``values[i]`` for i in ``wrt`` (None where none flows)."""
    import tensorflow as tf  # noqa: PLC0415  (a preload where this runs; never in the grader)

    graph_def = _parse(tf, graph)
    allowlist.check_graph(graph_def, inputs, outputs)
    allowlist.prepared(graph_def)
    values = [np.asarray(v) for v in values]
    wrt = [int(i) for i in wrt]
    if len(values) != len(inputs) or any(not 0 <= i < len(values) for i in wrt):
        raise RefusedGraph(f"takes {len(inputs)} inputs, not the {len(values)} it was traced for")
    specs = [tf.TensorSpec(v.shape, tf.as_dtype(v.dtype)) for v in values]
    flags = []  # per gradient: was one computed (None cannot leave a wrapped function)

    def body(*tensors):
        results = tf.graph_util.import_graph_def(graph_def, input_map=dict(zip(inputs, tensors)),
                                                 return_elements=list(outputs), name="learner")
        results = [tf.convert_to_tensor(r) for r in results]
        first = results[0]
        if upstream is None or not first.dtype.is_floating or tuple(first.shape) != np.shape(upstream):
            return results, []  # no gradients asked, or the output is wrong: the grader says why
        loss = tf.reduce_sum(first * tf.constant(np.asarray(upstream), dtype=first.dtype))
        grads = tf.gradients(loss, [tensors[i] for i in wrt])
        flags.extend(g is not None for g in grads)
        return results, [tf.convert_to_tensor(g) for g in grads if g is not None]

    try:
        wrapped = tf.compat.v1.wrap_function(body, specs)
        results, grads = wrapped(*[tf.constant(v) for v in values])
    except RefusedGraph:
        raise
    except Exception as exc:  # noqa: BLE001  (TensorFlow's import and run errors are many)
        raise GraphNotRunnable(_first_line(exc)) from None
    answer = {"outputs": [np.asarray(r.numpy()) for r in results], "gradients": None}
    if flags:
        computed = iter(grads)
        answer["gradients"] = [np.asarray(next(computed).numpy()) if flag else None for flag in flags]
    return answer
