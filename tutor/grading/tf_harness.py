"""Runs INSIDE the trusted reference worker (its source is sent there): the reference's (or a mutant's)
output and gradients through ``tf.GradientTape``, and a Keras layer's output with given weights.

Only course code is loaded beside it, so its answers are the expected values. The learner's side
never runs this: their code is traced (``tf_trace.py``) and the graph is run by the graph worker
(``graph_harness.py``).
"""

import sys

import numpy as np


def gradients(module_name, function, args, wrt, upstream_seed=0):
    """The output of ``function(*args)``, the upstream gradient drawn for it from ``upstream_seed``,
    and d sum(upstream * output) / d args[i] for i in ``wrt`` (None where no gradient flows)."""
    import tensorflow as tf  # noqa: PLC0415  (a preload where this runs; never in the grader)

    fn = getattr(sys.modules[module_name], function)
    args = list(args)
    watched = {i: tf.Variable(np.asarray(args[i])) for i in wrt}
    for i, variable in watched.items():
        args[i] = variable
    with tf.GradientTape() as tape:
        result = fn(*args)
        out = result[0] if isinstance(result, (tuple, list)) else result
        out = tf.convert_to_tensor(out)
        upstream = np.random.default_rng(upstream_seed).normal(size=tuple(out.shape))
        loss = tf.reduce_sum(out * tf.constant(upstream, dtype=out.dtype))
    grads = tape.gradient(loss, [watched[i] for i in wrt])
    if isinstance(result, (tuple, list)):
        output = tuple(np.asarray(tf.convert_to_tensor(o)) for o in result)
    else:
        output = np.asarray(out)
    return {"output": output, "upstream": upstream,
            "gradients": [None if g is None else np.asarray(tf.convert_to_tensor(g)) for g in grads]}


def layer_output(module_name, class_name, init_kwargs, inputs, weights):
    """Build ``class_name(**init_kwargs)`` on ``inputs``, set ``weights`` in order, return its output."""
    import tensorflow as tf  # noqa: PLC0415

    layer_class = getattr(sys.modules[module_name], class_name)
    layer = layer_class(**init_kwargs)
    inputs = [tf.constant(np.asarray(x)) for x in inputs]
    layer(*inputs)  # builds the weights
    shapes = [tuple(w.shape) for w in layer.get_weights()]
    given = [tuple(np.shape(w)) for w in weights]
    if shapes != given:
        raise ValueError(f"{class_name} has weights of shapes {shapes}, expected {given} "
                         "(in the order the lesson gives)")
    layer.set_weights([np.asarray(w) for w in weights])
    out = layer(*inputs)
    if isinstance(out, (tuple, list)):
        return tuple(np.asarray(o) for o in out)
    return np.asarray(out)
