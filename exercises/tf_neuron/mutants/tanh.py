import tensorflow as tf


def tf_neuron(x, w, b):
    return tf.tanh(tf.matmul(x, w) + b)
