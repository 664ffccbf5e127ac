import tensorflow as tf


def tf_neuron(x, w, b):
    return tf.sigmoid(tf.matmul(x, w))
