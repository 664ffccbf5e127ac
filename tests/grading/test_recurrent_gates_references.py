"""Curriculum II exercises 20–24 (LSTM step, LSTM backward, GRU step, bidirectional RNN, attention):
references agree with Keras / TensorFlow, a differently written correct solution of each passes
with full points, and the checks' feedback names the gate, the time step, the scale, the axis or
the mask that is wrong."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.support import REPO
from tests.support.references import reference, rel_error

ROOT = REPO
EXERCISES = ["lstm_step", "lstm_backward", "gru_step", "birnn", "attention"]


def grade_file(exercise_id: str, path: Path):
    from tutor.course import load_course
    from tutor.validation import grade_candidate

    course = load_course(ROOT)
    return grade_candidate(course, course.get(exercise_id), path, seed=1234)


def messages(report) -> str:
    return "\n".join([report.message] + [c.message for c in report.checks])


def buggy(tmp_path: Path, exercise_id: str, old: str, new: str, source: Path | None = None) -> Path:
    """A copy of the reference (or ``source``) with one edit: a mistake that is not a mutant."""
    text = (source or ROOT / "solutions" / f"{exercise_id}.py").read_text(encoding="utf-8")
    assert old in text, f"the edit {old!r} no longer applies"
    path = tmp_path / f"{exercise_id}_buggy.py"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# ---------------------------------------------------------------- 20. lstm_step


@pytest.mark.tensorflow
def test_lstm_step_matches_keras_lstm_cell(keras):
    ref = reference("lstm_step")
    rng = np.random.default_rng(20)
    for n, d, h in [(1, 3, 2), (4, 2, 5), (3, 6, 4)]:
        x, h_prev, c_prev = rng.normal(size=(n, d)), rng.normal(size=(n, h)), rng.normal(size=(n, h))
        Wx, Wh, b = rng.normal(size=(d, 4 * h)), rng.normal(size=(h, 4 * h)), rng.normal(size=4 * h)
        cell = keras.layers.LSTMCell(h, dtype="float64")  # activation tanh, recurrent_activation sigmoid
        cell.build((None, d))
        cell.set_weights([Wx, Wh, b])
        expected_h, (state_h, state_c) = cell(x, [h_prev, c_prev])
        got_h, got_c, _ = ref.lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b)
        assert rel_error(got_h, np.asarray(expected_h)) < 1e-12
        assert rel_error(got_h, np.asarray(state_h)) < 1e-12
        assert rel_error(got_c, np.asarray(state_c)) < 1e-12


def test_lstm_step_feedback_names_the_gate_order(tmp_path):
    # Gates read as i, c̃, f, o (the f and c̃ blocks swapped): not one of the exercise's mutants.
    path = buggy(tmp_path, "lstm_step", "f = sigmoid(a[:, H:2 * H])", "f = sigmoid(a[:, 2 * H:3 * H])")
    path = buggy(tmp_path, "lstm_step", "g = np.tanh(a[:, 2 * H:3 * H])", "g = np.tanh(a[:, H:2 * H])", path)
    report = grade_file("lstm_step", path)
    assert report.status == "failed"
    text = messages(report)
    assert "your gates are in the order i, c̃, f, o; Keras uses i, f, c̃, o" in text
    assert "the forget gate f (columns [H:2H]) or the candidate c̃ (columns [2H:3H])" in text


# ---------------------------------------------------------------- 21. lstm_backward


@pytest.mark.tensorflow
def test_lstm_forward_and_backward_match_keras_lstm_and_gradient_tape(tf, keras):
    ref = reference("lstm_backward")
    rng = np.random.default_rng(21)
    for n, t, d, h in [(1, 1, 3, 2), (2, 4, 3, 5), (3, 3, 5, 4)]:
        x, h0 = rng.normal(size=(n, t, d)), rng.normal(size=(n, h))
        Wx, Wh = rng.normal(scale=0.6, size=(d, 4 * h)), rng.normal(scale=0.6, size=(h, 4 * h))
        b, dh = rng.normal(scale=0.6, size=4 * h), rng.normal(size=(n, t, h))
        layer = keras.layers.LSTM(h, return_sequences=True, dtype="float64")
        layer.build((None, t, d))
        layer.set_weights([Wx, Wh, b])
        xt, h0t = tf.Variable(x), tf.Variable(h0)
        weights = [w.value for w in layer.trainable_weights]
        with tf.GradientTape() as tape:
            out = layer(xt, initial_state=[h0t, tf.zeros((n, h), dtype=tf.float64)])
            scalar = tf.reduce_sum(out * dh)
        expected = tape.gradient(scalar, [xt, h0t] + weights)
        got_h, cache = ref.lstm_forward(x, h0, Wx, Wh, b)
        assert rel_error(got_h, np.asarray(out)) < 1e-12
        got = ref.lstm_backward(dh, cache)
        for name, g, e in zip(["dx", "dh0", "dWx", "dWh", "db"], got, expected):
            assert g.shape == tuple(e.shape), name
            assert rel_error(g, e.numpy()) < 1e-10, name


def test_lstm_backward_feedback_names_the_gate_block(tmp_path):
    # The forget gate's gradient taken with tanh(c) instead of c_prev: only the [H:2H] block is wrong.
    path = buggy(tmp_path, "lstm_backward", "df, dg = dc * g, dc * c_prev, dc * i",
                 "df, dg = dc * g, dc * tanh_c, dc * i")
    report = grade_file("lstm_backward", path)
    assert report.status == "failed"
    text = messages(report)
    assert "dWx, dWh and db are wrong only in the columns [H:2H] (forget gate f)" in text
    assert "On a single time step your gradients are already wrong" in text
    assert "dx is already wrong at the last time step" in text


def test_lstm_backward_feedback_names_the_time_step(tmp_path):
    # dc_prev is carried back, but halved: one step alone is right, the sequence is not.
    path = buggy(tmp_path, "lstm_backward", "cache[t])\n", "cache[t])\n        dc_next = dc_next / 2\n")
    report = grade_file("lstm_backward", path)
    text = messages(report)
    assert "first goes wrong at t = " in text
    assert "On a single time step your gradients are right" in text


# ---------------------------------------------------------------- 22. gru_step


@pytest.mark.tensorflow
def test_gru_step_matches_keras_gru_cell_reset_before(keras):
    ref = reference("gru_step")
    rng = np.random.default_rng(22)
    for n, d, h in [(1, 3, 2), (4, 2, 5), (3, 6, 4)]:
        x, h_prev = rng.normal(size=(n, d)), rng.normal(size=(n, h))
        Wx, Wh, b = rng.normal(size=(d, 3 * h)), rng.normal(size=(h, 3 * h)), rng.normal(size=3 * h)
        cell = keras.layers.GRUCell(h, reset_after=False, dtype="float64")
        cell.build((None, d))
        assert [tuple(w.shape) for w in cell.weights] == [(d, 3 * h), (h, 3 * h), (3 * h,)]
        cell.set_weights([Wx, Wh, b])
        expected, _ = cell(x, h_prev)
        assert rel_error(ref.gru_step_forward(x, h_prev, Wx, Wh, b), np.asarray(expected)) < 1e-12


# ---------------------------------------------------------------- 23. birnn


@pytest.mark.tensorflow
def test_birnn_matches_keras_bidirectional_simple_rnn(keras):
    ref = reference("birnn")
    rng = np.random.default_rng(23)
    for n, t, d, h in [(1, 1, 3, 2), (2, 5, 3, 4), (3, 4, 2, 3)]:
        x = rng.normal(size=(n, t, d))
        forward = {"Wx": rng.normal(size=(d, h)), "Wh": rng.normal(size=(h, h)), "b": rng.normal(size=h)}
        backward = {"Wx": rng.normal(size=(d, h)), "Wh": rng.normal(size=(h, h)), "b": rng.normal(size=h)}
        layer = keras.layers.Bidirectional(keras.layers.SimpleRNN(h, return_sequences=True, dtype="float64"),
                                           merge_mode="concat", dtype="float64")
        layer.build((None, t, d))
        layer.forward_layer.set_weights([forward["Wx"], forward["Wh"], forward["b"]])
        layer.backward_layer.set_weights([backward["Wx"], backward["Wh"], backward["b"]])
        expected = np.asarray(layer(x))
        assert rel_error(ref.birnn_forward(x, forward, backward), expected) < 1e-12
        single = keras.layers.SimpleRNN(h, return_sequences=True, dtype="float64")
        single.build((None, t, d))
        single.set_weights([forward["Wx"], forward["Wh"], forward["b"]])
        h0 = rng.normal(size=(n, h))
        assert rel_error(ref.rnn_forward(x, h0, forward["Wx"], forward["Wh"], forward["b"]),
                         np.asarray(single(x, initial_state=h0))) < 1e-12


# ---------------------------------------------------------------- 24. attention


def _tf_attention(tf, q, k, v, mask=None):
    scores = tf.matmul(q, k, transpose_b=True) / tf.sqrt(tf.cast(tf.shape(k)[-1], tf.float64))
    if mask is not None:
        scores = tf.where(tf.broadcast_to(mask, tf.shape(scores)), scores, tf.constant(-1e9, tf.float64))
    weights = tf.nn.softmax(scores, axis=-1)
    return tf.matmul(weights, v), weights


@pytest.mark.tensorflow
def test_attention_matches_a_tensorflow_computation(tf):
    ref = reference("attention")
    rng = np.random.default_rng(24)
    for lead, tq, tk, dk, dv in [((), 1, 3, 2, 4), ((3,), 4, 2, 5, 3), ((2, 3), 3, 5, 4, 2)]:
        q, k = rng.normal(size=(*lead, tq, dk)), rng.normal(size=(*lead, tk, dk))
        v = rng.normal(size=(*lead, tk, dv))
        masks = [None, rng.random(size=(tq, tk)) < 0.6, np.zeros((tq, tk), dtype=bool)]
        for mask in masks:
            out, weights = ref.scaled_dot_product_attention(q, k, v, mask)
            t_out, t_weights = _tf_attention(tf, q, k, v, mask)
            assert rel_error(out, t_out.numpy()) < 1e-12
            assert rel_error(weights, t_weights.numpy()) < 1e-12
            assert np.all(np.isfinite(out))
    out, weights = ref.scaled_dot_product_attention(q, k, v, np.zeros((tq, tk), dtype=bool))
    assert np.allclose(weights, 1.0 / tk)  # a fully masked row: uniform weights, no NaN


@pytest.mark.tensorflow
def test_attention_matches_keras_attention_layer_with_the_scale_done_by_hand(keras):
    # keras.layers.Attention(use_scale=False) computes softmax(q @ kᵀ) @ v; dividing q by √d_k first
    # gives the scaled form. Its value mask (B, Tk) masks keys by subtracting 1e9, which agrees with
    # replacing the score by −1e9 whenever a row keeps at least one key (fully masked rows differ).
    ref = reference("attention")
    rng = np.random.default_rng(25)
    for b, tq, tk, dk in [(1, 2, 3, 4), (3, 4, 5, 2)]:
        q, k, v = rng.normal(size=(b, tq, dk)), rng.normal(size=(b, tk, dk)), rng.normal(size=(b, tk, dk))
        lengths = rng.integers(1, tk + 1, size=b)
        key_mask = np.arange(tk)[None, :] < lengths[:, None]
        layer = keras.layers.Attention(use_scale=False, score_mode="dot", dtype="float64")
        for mask in (None, key_mask):
            expected_out, expected_weights = layer([q / np.sqrt(dk), v, k], mask=[None, mask],
                                                   return_attention_scores=True)
            out, weights = ref.scaled_dot_product_attention(q, k, v, None if mask is None else mask[:, None, :])
            assert rel_error(weights, np.asarray(expected_weights)) < 1e-10
            assert rel_error(out, np.asarray(expected_out)) < 1e-10


def test_attention_feedback_names_scale_axis_and_mask(tmp_path):
    cases = [
        ("/ np.sqrt(d_k)", "/ np.sqrt(v.shape[-1])", "The scale is wrong",
         "divided by √d_v (v's last size) instead of √d_k"),
        ("-1e9)", "-np.inf)", "The mask is wrong", "masked scores are set to −inf"),
        ("weights = softmax(scores, axis=-1)", "weights = softmax(scores * np.sqrt(d_k), axis=-2)",
         "The scale and the softmax axis are wrong", "not divided by √d_k and the softmax runs over the queries"),
    ]
    for old, new, what, detail in cases:
        report = grade_file("attention", buggy(tmp_path, "attention", old, new))
        assert report.status in ("failed", "error"), old
        text = messages(report)
        assert what in text and detail in text, (old, text[:2000])


def test_birnn_feedback_names_the_wrong_half(tmp_path):
    # The backward direction starts from h = 1 instead of zeros: the forward half stays right.
    path = buggy(tmp_path, "birnn", "rnn_forward(x[:, ::-1], np.zeros((N, backward[\"Wh\"].shape[0]))",
                 "rnn_forward(x[:, ::-1], np.ones((N, backward[\"Wh\"].shape[0]))")
    text = messages(grade_file("birnn", path))
    assert "The forward half out[..., :H] is right; the backward half out[..., H:] is wrong" in text
