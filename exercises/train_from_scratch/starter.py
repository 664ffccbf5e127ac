"""Train a 2-layer network from scratch, in numpy: relu(x @ W1 + b1) @ W2 + b2.

This file is yours from top to bottom: add helper functions, copy in your code from the earlier
exercises (two_layer_loss, adam), choose the learning rate and the number of steps. Only
train_two_layer_net() is called by the checks, and the returned parameters are all that is graded.
"""

import numpy as np


def train_two_layer_net(x, y, num_classes, hidden=64, seed=0):
    """Train the network on (x, y) and return its parameters.

    x: training inputs, shape (N, D), float64; y: integer labels, shape (N,), in 0..num_classes-1.
    hidden: the number of hidden units H; seed: use it for every random number you draw
    (rng = np.random.default_rng(seed)), so training is reproducible.
    Returns a dict {"W1": (D, H), "b1": (H,), "W2": (H, K), "b2": (K,)} of numpy arrays, where
    K = num_classes. The grader computes its own predictions as
        argmax(relu(x @ W1 + b1) @ W2 + b2), on held-out points you never see.
    """
    n, d = x.shape
    rng = np.random.default_rng(seed)
    # TODO: initialise W1 (d, hidden) and W2 (hidden, num_classes) with SMALL RANDOM numbers
    #       (e.g. rng.normal(scale=np.sqrt(2 / d), size=(d, hidden))), b1 and b2 with zeros
    # TODO: repeat for a fixed number of steps (the lesson suggests some):
    #         forward: z1 = x @ W1 + b1, h = relu(z1), scores = h @ W2 + b2
    #         loss and gradients of the mean softmax cross-entropy (as in two_layer_net)
    #         update every parameter downhill (plain gradient descent, or your Adam)
    # TODO: return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    raise NotImplementedError("write train_two_layer_net()")
