"""One training step of a small network with tf.GradientTape and global-norm gradient clipping."""

import tensorflow as tf

NAMES = ("W1", "b1", "W2", "b2")


def train_step(params, x, y, learning_rate, max_norm):
    """One SGD step on the gradients of the MSE loss, clipped by their global norm.

    params: dict of float64 numpy arrays W1 (D, H), b1 (H,), W2 (H, K), b2 (K,).
    x: (N, D) inputs, y: (N, K) targets, learning_rate and max_norm: positive numbers.
        ŷ = tanh(x @ W1 + b1) @ W2 + b2        loss = mean of (ŷ − y)² over all N·K entries
    Returns (new_params, loss, global_norm):
        new_params: a dict with the same keys, params after one step on the CLIPPED gradients
                    (arrays or tensors); params itself must not change.
        loss:        the loss BEFORE the update (a number or a scalar tensor).
        global_norm: the global norm of the gradients BEFORE clipping.
    """
    # TODO: make a tf.Variable from each array of params (fresh copies, on every call)
    # TODO: inside a tf.GradientTape, compute ŷ and the loss with TensorFlow operations
    # TODO: take the gradients of the loss with respect to all four variables
    # TODO: clip them with tf.clip_by_global_norm(grads, max_norm), which also returns the global norm
    # TODO: apply the SGD step to each variable, then return (new_params, loss, global_norm)
    raise NotImplementedError("train_step")
