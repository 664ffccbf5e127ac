import tensorflow as tf

NAMES = ("W1", "b1", "W2", "b2")


def mse_loss(params, x, y):
    h = tf.tanh(tf.matmul(x, params["W1"]) + params["b1"])
    y_hat = tf.matmul(h, params["W2"]) + params["b2"]
    return tf.reduce_mean(tf.square(y_hat - y))


def train_step(params, x, y, learning_rate, max_norm):
    variables = {name: tf.Variable(params[name]) for name in NAMES}
    with tf.GradientTape() as tape:
        loss = mse_loss(variables, x, y)
    grads = tape.gradient(loss, [variables[name] for name in NAMES])
    clipped, _ = tf.clip_by_global_norm(grads, max_norm)
    global_norm = tf.linalg.global_norm(clipped)  # the norm of the clipped gradients
    for name, grad in zip(NAMES, clipped):
        variables[name].assign_sub(learning_rate * grad)
    return {name: variables[name].numpy() for name in NAMES}, float(loss), float(global_norm)
