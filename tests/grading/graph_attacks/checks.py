"""Checks of the attack course: one check per function (or layer) of the learner's file, each graded
like tf_neuron's gradient check or additive_attention's layer check."""

import numpy as np

from tutor.grading.api import check

FUNCTIONS = ("honest", "with_a_loop", "py_func", "reads_a_file", "numpy_step", "loop_hides_py_func",
             "two_faced", "stops_w")
LAYERS = ("HonestAttention", "TwoFacedAttention")


def _function_check(name):
    @check(name)
    def run(t):
        for rng in t.trials(2):
            n, d, k = (int(v) for v in rng.integers(2, 5, size=3))
            args = (rng.normal(size=(n, d)), rng.normal(size=(d, k)), rng.normal(size=k))
            t.compare_gradients(name, args, wrt=(0, 1, 2), names=("x", "w", "b"), seed=int(rng.integers(1000)))

    return run


def _layer_check(name):
    @check(name)
    def run(t):
        rng = t.rng
        query, values = rng.normal(size=(2, 3)), rng.normal(size=(2, 5, 4))
        weights = [rng.normal(size=(3, 2)), rng.normal(size=(4, 2)), rng.normal(size=(2, 1))]
        t.compare_layer(name, {"units": 2, "dtype": "float64"}, [query, values], weights, label=name)

    return run


for _name in FUNCTIONS:
    globals()[f"check_{_name}"] = _function_check(_name)
for _name in LAYERS:
    globals()[f"check_{_name}"] = _layer_check(_name)
