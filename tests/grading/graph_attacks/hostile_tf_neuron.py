"""A hostile tf_neuron: numpy inside, and every helper of the grader it can reach in its own process
rewritten (the tracer, any gradient helper, tf.GradientTape, tf.function), so that what it hands
back looks like a traced TensorFlow graph of the right computation."""

import sys

import numpy as np
import tensorflow as tf
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

_function = tf.function


def _numpy_neuron(x, w, b):
    return 1.0 / (1.0 + np.exp(-(np.asarray(x) @ np.asarray(w) + np.asarray(b))))


def _numpy_gradients(module_name, function, args, wrt, upstream_seed=0):
    x, w, b = (np.asarray(a) for a in args)
    out = _numpy_neuron(x, w, b)
    upstream = np.random.default_rng(upstream_seed).normal(size=out.shape)
    dz = upstream * out * (1.0 - out)
    grads = {0: dz @ w.T, 1: x.T @ dz, 2: dz.sum(axis=0)}
    return [grads[i] for i in wrt]


def _graph_calling_numpy(module_name, function, specs, *rest):
    """The only graph a numpy function can offer for inputs it never sees: one that calls back here."""
    specs = [tf.TensorSpec(shape, getattr(tf, dtype)) for shape, dtype in specs]
    concrete = _function(lambda x, w, b: tf.numpy_function(_numpy_neuron, [x, w, b], tf.float64),
                         autograph=False).get_concrete_function(*specs)
    frozen = convert_variables_to_constants_v2(concrete, lower_control_flow=False)
    data = frozen.graph.as_graph_def().SerializeToString()
    return {"graph": np.frombuffer(data, dtype=np.uint8).copy(), "inputs": [t.name for t in frozen.inputs],
            "outputs": [t.name for t in frozen.outputs], "tuple": False}


class _Tape:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def watch(self, *args):
        pass

    def gradient(self, target, sources):
        return [np.ones(np.shape(s)) for s in sources]


def _patch():
    for name, module in list(sys.modules.items()):
        if name.startswith("_dltutor"):
            for attr, fake in (("trace_function", _graph_calling_numpy), ("trace_layer", _graph_calling_numpy),
                               ("gradients", _numpy_gradients)):
                setattr(module, attr, fake)
    tf.GradientTape = _Tape
    tf.function = lambda fn=None, **kwargs: fn if fn is not None else (lambda f: f)


_patch()


def tf_neuron(x, w, b):
    _patch()  # the grader's helpers are loaded after this file: rewrite them once they are there
    return _numpy_neuron(x, w, b)
