"""Curriculum III, exercises 36–43 (normalization, initialization, embeddings and Transformers in numpy):
every reference agrees with its TensorFlow/Keras equivalent (BatchNormalization in training mode,
LayerNormalization, Keras' initializers and Dense stacks, Embedding, MultiHeadAttention with reshaped
kernels and its causal mask, a Transformer block of Keras layers; tf.GradientTape for every backward),
and a differently written correct solution of each exercise passes with full points."""

from __future__ import annotations

import numpy as np
import pytest

from tests.support.references import reference, rel_error

EXERCISES = ["batchnorm", "layernorm", "weight_init", "embedding", "positional_encoding", "causal_mask",
             "multi_head_attention", "transformer_block"]


# ---------------------------------------------------------------- 36. batchnorm


@pytest.mark.tensorflow
def test_batchnorm_matches_keras_in_training_mode_and_gradient_tape(tf, keras):
    ref = reference("batchnorm")
    rng = np.random.default_rng(36)
    for n, d, eps in [(1, 3, 1e-5), (4, 2, 1e-5), (6, 5, 1e-3), (3, 4, 0.5)]:
        x = rng.normal(size=(n, d)) * rng.uniform(0.05, 3.0, size=d) + rng.normal(size=d)
        gamma, beta, dout = rng.normal(size=d), rng.normal(size=d), rng.normal(size=(n, d))
        layer = keras.layers.BatchNormalization(epsilon=eps, dtype="float64")
        layer.build((None, d))
        layer.set_weights([gamma, beta, np.zeros(d), np.ones(d)])
        out, cache = ref.batchnorm_forward(x, gamma, beta, eps)
        assert rel_error(out, np.asarray(layer(x, training=True))) < 1e-10

        variables = [tf.Variable(x), layer.gamma, layer.beta]
        with tf.GradientTape() as tape:
            scalar = tf.reduce_sum(layer(variables[0], training=True) * dout)
        expected = [np.asarray(g) for g in tape.gradient(scalar, variables)]
        for name, got, want in zip(("dx", "dgamma", "dbeta"), ref.batchnorm_backward(dout, cache), expected):
            assert got.shape == want.shape, name
            assert np.max(np.abs(got - want)) < 1e-10 * max(1.0, np.max(np.abs(want))), name


# ---------------------------------------------------------------- 37. layernorm


@pytest.mark.tensorflow
def test_layernorm_matches_keras_and_gradient_tape_over_every_leading_axis(tf, keras):
    ref = reference("layernorm")
    rng = np.random.default_rng(37)
    for shape, eps in [((1, 4), 1e-5), ((3, 5), 1e-3), ((2, 3, 4), 1e-5), ((2, 2, 3, 6), 0.1)]:
        d = shape[-1]
        x = rng.normal(size=shape) * rng.uniform(0.05, 3.0, size=(*shape[:-1], 1)) + rng.normal(size=(*shape[:-1], 1))
        gamma, beta, dout = rng.normal(size=d), rng.normal(size=d), rng.normal(size=shape)
        layer = keras.layers.LayerNormalization(epsilon=eps, dtype="float64")
        layer.build((None,) + shape[1:])
        layer.set_weights([gamma, beta])
        out, cache = ref.layernorm_forward(x, gamma, beta, eps)
        assert rel_error(out, np.asarray(layer(x))) < 1e-10

        variables = [tf.Variable(x), layer.gamma, layer.beta]
        with tf.GradientTape() as tape:
            scalar = tf.reduce_sum(layer(variables[0]) * dout)
        expected = [np.asarray(g) for g in tape.gradient(scalar, variables)]
        for name, got, want in zip(("dx", "dgamma", "dbeta"), ref.layernorm_backward(dout, cache), expected):
            assert got.shape == want.shape, name
            assert np.max(np.abs(got - want)) < 1e-10 * max(1.0, np.max(np.abs(want))), name


# ---------------------------------------------------------------- 38. weight_init


@pytest.mark.tensorflow
def test_fans_and_scales_match_keras_initializers(keras):
    from keras.src.initializers.random_initializers import compute_fans

    ref = reference("weight_init")
    classes = {"glorot_uniform": keras.initializers.GlorotUniform, "glorot_normal": keras.initializers.GlorotNormal,
               "he_uniform": keras.initializers.HeUniform, "he_normal": keras.initializers.HeNormal}
    for shape in [(7,), (64, 32), (5, 16, 24), (3, 3, 16, 32), (2, 3, 2, 8, 12)]:
        assert tuple(ref.compute_fans(shape)) == compute_fans(shape), shape
    shape = (3, 3, 64, 96)  # 55 296 draws
    for name, initializer in classes.items():
        weights = np.asarray(initializer(seed=38)(shape, dtype="float64"))
        ours = ref.initialize(name, shape, 38)
        scale = ref.init_scale(name, shape)
        # Keras' uniform reaches its limit, its truncated normal twice its stddev; both bounds are sharp.
        bound = scale if name.endswith("uniform") else 2 * scale
        for draws in (weights, ours):
            assert 0.99 * bound < np.abs(draws).max() <= bound * (1 + 1e-12), name
        assert abs(ours.std() / weights.std() - 1) < 0.02, name
        fan_in, fan_out = ref.compute_fans(shape)
        variance = 2 / (fan_in + fan_out) if name.startswith("glorot") else 2 / fan_in
        assert abs(weights.std() / np.sqrt(variance) - 1) < 0.02, name


@pytest.mark.tensorflow
def test_activation_stats_match_a_keras_dense_stack(tf, keras):
    ref = reference("weight_init")
    rng = np.random.default_rng(380)
    widths = [6, 9, 4, 7]
    x = rng.normal(size=(5, widths[0]))
    weights = [rng.normal(scale=1 / np.sqrt(a), size=(a, b)) for a, b in zip(widths, widths[1:])]
    for activation in ("tanh", "relu", "linear"):
        h = keras.Input((widths[0],), dtype="float64")
        outputs, z = [], h
        for W in weights:
            z = keras.layers.Dense(W.shape[1], activation=activation, use_bias=False, dtype="float64")(z)
            outputs.append(z)
        model = keras.Model(h, outputs)
        model.set_weights(weights)
        layers = [np.asarray(o) for o in model(x)]
        means, stds = ref.activation_stats(x, weights, activation)
        assert rel_error(means, [tf.reduce_mean(o).numpy() for o in layers]) < 1e-10
        assert rel_error(stds, [tf.math.reduce_std(o).numpy() for o in layers]) < 1e-10


# ---------------------------------------------------------------- 39. embedding


@pytest.mark.tensorflow
def test_embedding_matches_keras_embedding_and_gradient_tape_with_repeated_ids(tf, keras):
    ref = reference("embedding")
    rng = np.random.default_rng(39)
    for ids in [np.array([0, 3, 3, 1]), np.array([[2, 0, 2], [4, 4, 4]]), rng.integers(0, 6, size=(2, 3, 4))]:
        vocab, d = 7, 3
        W = rng.normal(size=(vocab, d))
        layer = keras.layers.Embedding(vocab, d, dtype="float64")
        layer.build(ids.shape)
        layer.set_weights([W])
        assert rel_error(ref.embedding_forward(ids, W), np.asarray(layer(ids))) < 1e-12
        dout = rng.normal(size=ids.shape + (d,))
        with tf.GradientTape() as tape:
            scalar = tf.reduce_sum(layer(ids) * dout)
        expected = tf.convert_to_tensor(tape.gradient(scalar, layer.embeddings)).numpy()  # IndexedSlices summed
        assert rel_error(ref.embedding_backward(dout, ids, vocab), expected) < 1e-12


# ---------------------------------------------------------------- 40. positional_encoding


@pytest.mark.tensorflow
def test_positional_encoding_matches_the_formula_in_tensorflow(tf):
    ref = reference("positional_encoding")
    for T, D in [(1, 2), (4, 4), (7, 10), (50, 64)]:
        positions = tf.range(T, dtype=tf.float64)[:, None]
        rates = tf.pow(tf.constant(10000.0, tf.float64), -tf.range(0, D, 2, dtype=tf.float64) / D)[None, :]
        angles = positions * rates
        expected = tf.reshape(tf.stack([tf.sin(angles), tf.cos(angles)], axis=-1), (T, D)).numpy()
        got = ref.positional_encoding(T, D)
        assert got.shape == (T, D)
        assert np.max(np.abs(got - expected)) < 1e-12


# ---------------------------------------------------------------- 41–42. causal_mask, multi_head_attention


def keras_mha(keras, Wq, Wk, Wv, Wo, num_heads, x, **call):
    D = Wq.shape[0]
    dk = D // num_heads
    layer = keras.layers.MultiHeadAttention(num_heads, key_dim=dk, use_bias=False, dtype="float64")
    layer(x, x)
    layer.set_weights([Wq.reshape(D, num_heads, dk), Wk.reshape(D, num_heads, dk), Wv.reshape(D, num_heads, dk),
                       Wo.reshape(num_heads, dk, D)])
    return np.asarray(layer(x, x, **call))


@pytest.mark.tensorflow
def test_causal_mask_matches_tensorflow_and_keras_use_causal_mask(tf, keras):
    mask_ref, mha_ref = reference("causal_mask"), reference("multi_head_attention")
    for T in (1, 2, 5):
        band = tf.cast(tf.linalg.band_part(tf.ones((T, T)), -1, 0), tf.bool).numpy()
        assert mask_ref.causal_mask(T).dtype == np.bool_
        assert np.array_equal(mask_ref.causal_mask(T), band)
    rng = np.random.default_rng(41)
    x = rng.normal(size=(2, 5, 8))
    weights = [rng.normal(scale=8 ** -0.5, size=(8, 8)) for _ in range(4)]
    expected = keras_mha(keras, *weights, 2, x, use_causal_mask=True)
    got = mha_ref.multi_head_attention(x, *weights, 2, mask_ref.causal_mask(5))
    assert rel_error(got, expected) < 1e-10


@pytest.mark.tensorflow
def test_multi_head_attention_matches_keras_with_reshaped_kernels_and_masks(keras):
    ref = reference("multi_head_attention")
    rng = np.random.default_rng(42)
    for n, t, num_heads, dk in [(1, 3, 1, 4), (2, 4, 2, 4), (3, 5, 4, 1), (2, 6, 3, 3)]:
        D = num_heads * dk
        x = rng.normal(size=(n, t, D))
        weights = [rng.normal(scale=D ** -0.5, size=(D, D)) for _ in range(4)]
        # Keras scales the queries by 1/√dk rounded to float32 (CURRICULUM §5): exact for dk = 1 and 4; for
        # dk = 3 its query kernel gets the rounding's inverse, so both compute the float64 scale.
        rounding = (1 / np.sqrt(dk)) / float(np.float32(1 / np.sqrt(dk)))
        keras_weights = [weights[0] * rounding, *weights[1:]]
        assert rel_error(ref.multi_head_attention(x, *weights, num_heads),
                         keras_mha(keras, *keras_weights, num_heads, x)) < 1e-10
        # A per-sample mask with no fully masked row (there Keras' zeroed weights and the −1e9 rule differ).
        mask = rng.random((n, t, t)) < 0.5
        mask[:, np.arange(t), np.arange(t)] = True
        expected = keras_mha(keras, *keras_weights, num_heads, x, attention_mask=mask)
        assert rel_error(ref.multi_head_attention(x, *weights, num_heads, mask[:, None]), expected) < 1e-10


# ---------------------------------------------------------------- 43. transformer_block


@pytest.mark.tensorflow
def test_transformer_block_matches_a_pre_ln_block_of_keras_layers(keras):
    ref = reference("transformer_block")
    rng = np.random.default_rng(43)
    for n, t, num_heads, dk, F in [(1, 3, 1, 4, 6), (2, 5, 2, 4, 12), (3, 4, 4, 1, 7)]:
        D = num_heads * dk
        x = rng.normal(scale=2.0, size=(n, t, D))
        params = {"ln1_gamma": 1 + 0.3 * rng.normal(size=D), "ln1_beta": 0.3 * rng.normal(size=D),
                  "ln2_gamma": 1 + 0.3 * rng.normal(size=D), "ln2_beta": 0.3 * rng.normal(size=D),
                  "W1": rng.normal(scale=D ** -0.5, size=(D, F)), "b1": 0.3 * rng.normal(size=F),
                  "W2": rng.normal(scale=F ** -0.5, size=(F, D)), "b2": 0.3 * rng.normal(size=D)}
        params.update({w: rng.normal(scale=D ** -0.5, size=(D, D)) for w in ("Wq", "Wk", "Wv", "Wo")})
        ln1, ln2 = (keras.layers.LayerNormalization(epsilon=1e-5, dtype="float64") for _ in range(2))
        dense1 = keras.layers.Dense(F, activation="relu", dtype="float64")
        dense2 = keras.layers.Dense(D, dtype="float64")
        for layer, weights in ((ln1, ["ln1_gamma", "ln1_beta"]), (ln2, ["ln2_gamma", "ln2_beta"]),
                               (dense1, ["W1", "b1"]), (dense2, ["W2", "b2"])):
            layer.build((None, t, D if layer is not dense2 else F))
            layer.set_weights([params[w] for w in weights])
        for mask in (None, np.tril(np.ones((t, t), dtype=bool))):
            call = {} if mask is None else {"attention_mask": np.broadcast_to(mask, (n, t, t))}
            a = np.asarray(ln1(x))
            h = x + keras_mha(keras, *(params[w] for w in ("Wq", "Wk", "Wv", "Wo")), num_heads, a, **call)
            expected = h + np.asarray(dense2(dense1(ln2(h))))
            assert rel_error(ref.transformer_block(x, params, num_heads, mask), expected) < 1e-10
