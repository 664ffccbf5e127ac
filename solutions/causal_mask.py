"""Reference solution: the causal (look-ahead) mask, True where query t may attend to key s ≤ t."""

import numpy as np


def causal_mask(T):
    return np.tril(np.ones((T, T), dtype=bool))      # row t: keys 0 … t
