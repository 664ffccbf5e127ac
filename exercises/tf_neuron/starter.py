"""A neuron with TensorFlow operations: sigmoid(x @ w + b)."""

import tensorflow as tf


def tf_neuron(x, w, b):
    """K sigmoid neurons on a batch, with TensorFlow operations only.

    x: (N, D) inputs, w: (D, K) weights, b: (K,) biases (numpy arrays or tensors).
    Returns a (N, K) tensor: tf.sigmoid(x @ w + b).
    """
    # TODO: the weighted sums with tf.matmul, plus the bias
    # TODO: the activation with tf.sigmoid
    raise NotImplementedError("tf_neuron")
