"""Runs INSIDE a TensorFlow sandbox or reference worker (its source is sent there): gradients of a
function through ``tf.GradientTape``, and a Keras layer's output with given weights, as numpy.

Beside the learner's file it answers only claims about their code; beside the reference (in the
trusted worker) the same functions give the expected values, so both are computed the same way.
"""

import sys

import numpy as np


def gradients(module_name, function, args, wrt, upstream_seed=0):
    """d sum(upstream * f(*args)) / d args[i] for i in ``wrt``; None where no gradient flows."""
    import tensorflow as tf  # noqa: PLC0415  (a preload where this runs; never in the grader)

    fn = getattr(sys.modules[module_name], function)
    args = list(args)
    watched = {i: tf.Variable(np.asarray(args[i])) for i in wrt}
    for i, variable in watched.items():
        args[i] = variable
    with tf.GradientTape() as tape:
        out = fn(*args)
        if isinstance(out, (tuple, list)):
            out = out[0]
        out = tf.convert_to_tensor(out)
        upstream = np.random.default_rng(upstream_seed).normal(size=out.shape)
        loss = tf.reduce_sum(out * tf.constant(upstream, dtype=out.dtype))
    grads = tape.gradient(loss, [watched[i] for i in wrt])
    return [None if g is None else np.asarray(tf.convert_to_tensor(g)) for g in grads]


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
