import tensorflow as tf

NAMES = ("W1", "b1", "W2", "b2")


def mse_loss(params, x, y):
    h = tf.tanh(tf.matmul(x, params["W1"]) + params["b1"])
    y_hat = tf.matmul(h, params["W2"]) + params["b2"]
    return tf.reduce_mean(tf.square(y_hat - y))


def train_step(params, x, y, learning_rate, max_norm):
    variables = {name: tf.Variable(params[name]) for name in NAMES}
    weights = [variables["W1"], variables["W2"]]  # the biases are left out
    with tf.GradientTape() as tape:
        loss = mse_loss(variables, x, y)
    grads = tape.gradient(loss, weights)
    clipped, global_norm = tf.clip_by_global_norm(grads, max_norm)
    for variable, grad in zip(weights, clipped):
        variable.assign_sub(learning_rate * grad)
    return {name: variables[name].numpy() for name in NAMES}, float(loss), float(global_norm)
