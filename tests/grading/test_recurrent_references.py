"""Curriculum II, exercises 16–19 (the start of the recurrent chapter): references agree with
TensorFlow (tf.GradientTape on the same computation, SimpleRNNCell, tf.clip_by_global_norm,
keras.utils.pad_sequences, GlobalAveragePooling1D with a mask), a differently written correct
solution of each exercise passes with full points, and the BPTT feedback names the time step and
the parameter where a typical mistake first shows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.support import REPO
from tests.support.references import reference, rel_error

ROOT = REPO
EXERCISES = ["rnn_step", "bptt", "clip_grads", "padding_masking"]
BPTT_KEYS = ("W", "U", "V", "b", "c")


def mutant_path(exercise_id: str, name: str) -> Path:
    """A mutant as a file, whether it is one or edits of its solution."""
    from tutor.course import load_course

    return next(m.path for m in load_course(ROOT).get(exercise_id).mutants if m.name == name)


def grade(exercise_id: str, candidate: Path):
    from tutor.course import load_course
    from tutor.validation import grade_candidate

    course = load_course(ROOT)
    return grade_candidate(course, course.get(exercise_id), candidate, seed=1234)


# ---------------------------------------------------------------- 16. rnn_step


@pytest.mark.tensorflow
def test_rnn_step_matches_simple_rnn_cell_and_gradient_tape(tf, keras):
    ref = reference("rnn_step")
    rng = np.random.default_rng(16)
    for n, d, h in [(1, 3, 2), (4, 2, 5), (3, 6, 4)]:
        x, h_prev = rng.normal(size=(n, d)), np.tanh(rng.normal(size=(n, h)))
        Wx, Wh, b = rng.normal(size=(d, h)), rng.normal(scale=0.5, size=(h, h)), rng.normal(size=h)
        dh = rng.normal(size=(n, h))
        out, cache = ref.rnn_step_forward(x, h_prev, Wx, Wh, b)

        cell = keras.layers.SimpleRNNCell(h, dtype="float64")
        cell.build((None, d))
        cell.set_weights([Wx, Wh, b])
        keras_out, _ = cell(x, [h_prev])
        assert rel_error(out, np.asarray(keras_out)) < 1e-12

        variables = [tf.Variable(v) for v in (x, h_prev, Wx, Wh, b)]
        with tf.GradientTape() as tape:
            tx, th, tWx, tWh, tb = variables
            scalar = tf.reduce_sum(tf.tanh(tf.matmul(tx, tWx) + tf.matmul(th, tWh) + tb) * dh)
        expected = tape.gradient(scalar, variables)
        got = ref.rnn_step_backward(dh, cache)
        for name, g, e in zip(("dx", "dh_prev", "dWx", "dWh", "db"), got, expected):
            assert g.shape == e.shape, name
            assert rel_error(g, e.numpy()) < 1e-10, name


# ---------------------------------------------------------------- 17. bptt


def bptt_problem(rng, T, d, h, k):
    params = {"W": rng.normal(scale=0.8 / np.sqrt(h), size=(h, h)), "U": rng.normal(size=(h, d)),
              "V": rng.normal(size=(k, h)), "b": rng.normal(scale=0.3, size=h), "c": rng.normal(size=k)}
    return rng.normal(size=(T, d)), rng.normal(size=k), np.tanh(rng.normal(size=h)), params


@pytest.mark.tensorflow
def test_bptt_matches_gradient_tape(tf):
    ref = reference("bptt")
    rng = np.random.default_rng(17)
    for T, d, h, k in [(1, 2, 3, 1), (2, 1, 1, 1), (5, 3, 4, 2), (12, 4, 6, 3)]:
        x, y, h0, params = bptt_problem(rng, T, d, h, k)
        variables = {key: tf.Variable(value) for key, value in params.items()}
        with tf.GradientTape() as tape:
            state = tf.constant(h0)
            for t in range(T):  # column-vector form: h_t = tanh(W h_{t-1} + U x_t + b)
                state = tf.tanh(tf.linalg.matvec(variables["W"], state)
                                + tf.linalg.matvec(variables["U"], tf.constant(x[t])) + variables["b"])
            y_hat = tf.linalg.matvec(variables["V"], state) + variables["c"]
            loss = 0.5 * tf.reduce_sum((y_hat - y) ** 2)
        expected = tape.gradient(loss, variables)
        got_loss, got, h_T = ref.bptt(x, y, h0, params)
        assert sorted(got) == sorted(BPTT_KEYS)
        assert rel_error(got_loss, loss.numpy()) < 1e-12
        assert rel_error(h_T, state.numpy()) < 1e-12
        for key in BPTT_KEYS:
            assert got[key].shape == params[key].shape, key
            assert rel_error(got[key], expected[key].numpy()) < 1e-9, key


@pytest.mark.tensorflow
def test_sgd_step_matches_keras_sgd(keras):
    ref = reference("bptt")
    rng = np.random.default_rng(170)
    _, _, _, params = bptt_problem(rng, 2, 3, 4, 2)
    grads = {key: rng.normal(size=value.shape) for key, value in params.items()}
    variables = {key: keras.Variable(value, dtype="float64") for key, value in params.items()}
    optimizer = keras.optimizers.SGD(learning_rate=0.125)  # exact in float32, the dtype Keras keeps it in
    optimizer.apply_gradients([(grads[key], variables[key]) for key in params])
    got = ref.sgd_step(params, grads, 0.125)
    for key in params:
        assert rel_error(got[key], np.asarray(variables[key])) < 1e-12, key


@pytest.mark.parametrize(("mutant", "wrong"), [("dh_next_not_carried", "grads['W'], grads['U'] and grads['b'] are"),
                                               ("dw_overwritten", "grads['W'] is")])
def test_bptt_feedback_names_the_time_step_and_the_parameter(mutant, wrong):
    report = grade("bptt", mutant_path("bptt", mutant))
    messages = {c.name: c.message for c in report.checks}
    located = messages["where BPTT goes wrong: gradients on the first 1, 2, …, T steps of a sequence"]
    assert f"{wrong} right for sequences of length 1 but wrong from length 2" in located
    assert "Time step 2 is the first whose gradient diverges" in located
    if mutant == "dh_next_not_carried":
        assert ("your dW equals the contribution of time step 2 alone, so the gradient flowing back from "
                "time step 2 into step 1 is missing: is dh_next carried back") in located
    else:
        assert "your dW equals the contribution of time step 1 alone" in located
        assert "dW += …, not dW = …" in located
    assert "This matches a known mistake" in located


def test_bptt_feedback_for_a_mistake_inside_one_step_points_at_length_1():
    report = grade("bptt", mutant_path("bptt", "h_t_for_h_prev"))
    located = [c.message for c in report.checks if c.name.startswith("where BPTT goes wrong")][0]
    assert "grads['W'] is wrong already for a sequence of length 1" in located


# ---------------------------------------------------------------- 18. clip_grads


@pytest.mark.tensorflow
def test_clip_by_global_norm_matches_tensorflow(tf):
    ref = reference("clip_grads")
    rng = np.random.default_rng(18)
    cases = [[rng.normal(size=(3, 2)), rng.normal(size=5)],
             [rng.normal(scale=10.0, size=(2, 3, 4)), None, rng.normal(size=1)],
             [rng.normal(size=(4,))],
             [np.zeros((2, 2)), np.zeros(3)]]
    for grads in cases:
        norm = float(np.sqrt(sum(np.sum(g * g) for g in grads if g is not None)))
        for max_norm in (0.3 * norm + 1e-3, norm + 1.0, 1.0):
            clipped, got_norm = ref.clip_by_global_norm(grads, max_norm)
            expected, expected_norm = tf.clip_by_global_norm(
                [None if g is None else tf.constant(g) for g in grads], max_norm)
            assert rel_error(got_norm, expected_norm.numpy()) < 1e-12
            assert len(clipped) == len(expected)
            for c, e in zip(clipped, expected):
                assert (c is None) == (e is None)
                if c is not None:
                    assert rel_error(c, e.numpy()) < 1e-12


# ---------------------------------------------------------------- 19. padding_masking


@pytest.mark.tensorflow
def test_pad_sequences_matches_keras(keras):
    ref = reference("padding_masking")
    rng = np.random.default_rng(19)
    cases = [[[1, 2, 3], [4, 5], [6, 7, 8, 9, 10]], [[1], [], [2, 3, 4, 5, 6, 7]],
             [list(rng.integers(1, 50, size=n)) for n in (4, 1, 7, 3)],
             [list(np.round(rng.normal(size=n), 3)) for n in (2, 5, 3)]]
    for seqs in cases:
        for maxlen in (None, 1, 3, 8):
            for padding in ("pre", "post"):
                for truncating in ("pre", "post"):
                    for value in (0.0, -1.5):
                        expected = keras.utils.pad_sequences(seqs, maxlen=maxlen, padding=padding,
                                                             truncating=truncating, value=value, dtype="float64")
                        got = ref.pad_sequences(seqs, maxlen, padding, truncating, value)
                        assert got.dtype == np.float64
                        np.testing.assert_array_equal(got, expected)
    with pytest.raises(ValueError):
        ref.pad_sequences([[1, 2]], padding="middle")


@pytest.mark.tensorflow
def test_masked_mean_matches_global_average_pooling_with_a_mask(keras):
    ref = reference("padding_masking")
    rng = np.random.default_rng(190)
    for n, steps, features in [(1, 4, 3), (5, 6, 2), (3, 2, 1)]:
        x = rng.normal(size=(n, steps, features))
        mask = rng.random((n, steps)) > 0.5
        mask[:, 0] = True  # Keras gives 0/0 = NaN for a row without a real step; the exercise gives 0
        expected = keras.layers.GlobalAveragePooling1D(dtype="float64")(x, mask=mask)
        assert rel_error(ref.masked_mean(x, mask), np.asarray(expected)) < 1e-12
        assert rel_error(ref.masked_mean(x, mask.astype(float)), np.asarray(expected)) < 1e-12
    x = rng.normal(size=(2, 3, 2))
    assert np.array_equal(ref.masked_mean(x, np.array([[True, False, True], [False, False, False]]))[1], [0.0, 0.0])
