"""A correct tf_neuron written differently from the reference: tensordot, a reshaped bias and the
logistic function spelled out with tf.math."""

import tensorflow as tf


def tf_neuron(x, w, b):
    x, w, b = (tf.convert_to_tensor(v) for v in (x, w, b))
    z = tf.tensordot(x, w, axes=[[1], [0]]) + tf.reshape(b, (1, -1))
    return tf.math.reciprocal(1.0 + tf.math.exp(tf.math.negative(z)))
