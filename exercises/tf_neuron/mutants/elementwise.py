import tensorflow as tf


def tf_neuron(x, w, b):
    return tf.sigmoid(x * w + b)
