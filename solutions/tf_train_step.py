"""Reference solution: one SGD step of a 2-layer network with tf.GradientTape and global-norm clipping."""

import tensorflow as tf

NAMES = ("W1", "b1", "W2", "b2")


def mse_loss(params, x, y):
    """The mean of (ŷ − y)² over every sample and output, ŷ = tanh(x @ W1 + b1) @ W2 + b2."""
    h = tf.tanh(tf.matmul(x, params["W1"]) + params["b1"])
    y_hat = tf.matmul(h, params["W2"]) + params["b2"]
    return tf.reduce_mean(tf.square(y_hat - y))


def train_step(params, x, y, learning_rate, max_norm):
    variables = {name: tf.Variable(params[name]) for name in NAMES}   # fresh copies: params stay as they were
    with tf.GradientTape() as tape:
        loss = mse_loss(variables, x, y)
    grads = tape.gradient(loss, [variables[name] for name in NAMES])
    clipped, global_norm = tf.clip_by_global_norm(grads, max_norm)  # global_norm: measured BEFORE clipping
    for name, grad in zip(NAMES, clipped):
        variables[name].assign_sub(learning_rate * grad)
    new_params = {name: variables[name].numpy() for name in NAMES}
    return new_params, float(loss), float(global_norm)
