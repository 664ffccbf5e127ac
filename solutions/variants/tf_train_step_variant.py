"""A differently written correct solution of tf_train_step (it must pass): watched constants
instead of variables, a list instead of a dict, the global norm and its scale written out by hand."""

import tensorflow as tf

ORDER = ["W1", "b1", "W2", "b2"]


def train_step(params, x, y, learning_rate, max_norm):
    tensors = [tf.constant(params[key]) for key in ORDER]
    x, y = tf.constant(x), tf.constant(y)
    with tf.GradientTape() as tape:
        tape.watch(tensors)
        w1, b1, w2, b2 = tensors
        hidden = tf.tanh(x @ w1 + b1)
        error = hidden @ w2 + b2 - y
        loss = tf.reduce_sum(error * error) / tf.cast(tf.size(error), error.dtype)
    grads = tape.gradient(loss, tensors)
    norm = tf.sqrt(tf.add_n([tf.reduce_sum(tf.square(g)) for g in grads]))
    scale = tf.minimum(tf.constant(1.0, norm.dtype), max_norm / norm)
    updated = {key: p - learning_rate * scale * g for key, p, g in zip(ORDER, tensors, grads)}
    return updated, loss, norm
