import numpy as np


def tf_neuron(x, w, b):
    return 1.0 / (1.0 + np.exp(-(np.asarray(x) @ np.asarray(w) + np.asarray(b))))
