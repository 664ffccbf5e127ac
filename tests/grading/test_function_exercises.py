"""Function-mode exercises tf_train_step and additive_attention: each reference agrees with an
independent numpy computation (a hand-written forward/backward pass and global-norm clipping,
checked against tf.clip_by_global_norm too; the additive-attention formula with its mask), the
numbers in the lessons are the reference's, and a differently written correct solution of each
exercise passes the real grader with full points."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from tests.support import REPO
from tests.support.references import reference, rel_error

ROOT = REPO
NAMES = ("W1", "b1", "W2", "b2")

pytestmark = pytest.mark.tensorflow


def checks_of(exercise_id: str):
    """The exercise's checks.py, for its worked-example inputs and its random-case generators."""
    path = ROOT / "exercises" / exercise_id / "checks.py"
    spec = importlib.util.spec_from_file_location(f"_checks_{exercise_id}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- tf_train_step: numpy by hand


def numpy_gradients(params, x, y):
    """The loss and its gradients for ŷ = tanh(x W1 + b1) W2 + b2, loss = mean((ŷ − y)²), by hand."""
    h = np.tanh(x @ params["W1"] + params["b1"])
    error = h @ params["W2"] + params["b2"] - y
    loss = np.mean(error ** 2)
    d_out = 2.0 * error / error.size
    d_hidden = (d_out @ params["W2"].T) * (1.0 - h ** 2)
    grads = {"W1": x.T @ d_hidden, "b1": d_hidden.sum(axis=0), "W2": h.T @ d_out, "b2": d_out.sum(axis=0)}
    return loss, grads


def numpy_clip(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = max_norm / max(norm, max_norm)
    return {k: g * scale for k, g in grads.items()}, norm


def numpy_step(params, x, y, learning_rate, max_norm):
    loss, grads = numpy_gradients(params, x, y)
    clipped, norm = numpy_clip(grads, max_norm)
    return {k: params[k] - learning_rate * clipped[k] for k in NAMES}, loss, norm


def train_step_cases(checks):
    rng = np.random.default_rng(26)
    cases = [checks.worked_example()]
    for n, d, h, k in [(1, 3, 2, 1), (4, 2, 5, 3), (3, 5, 4, 2)]:
        for far in (False, True):
            params, x, y = checks._problem(rng, n=n, d=d, h=h, k=k, far_targets=far)
            cases.append((params, x, y, 0.2, 1.5 if far else 1e3))
    return cases


def test_numpy_backward_matches_finite_differences():
    """The hand-written gradients the reference is checked against are right themselves."""
    checks = checks_of("tf_train_step")
    params, x, y = checks._problem(np.random.default_rng(3), n=3, d=4, h=2, k=2)
    _, grads = numpy_gradients(params, x, y)
    eps = 1e-6
    for name in NAMES:
        numeric = np.zeros_like(params[name])
        for index in np.ndindex(params[name].shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][index] += eps
            minus[name][index] -= eps
            numeric[index] = (numpy_gradients(plus, x, y)[0] - numpy_gradients(minus, x, y)[0]) / (2 * eps)
        assert rel_error(grads[name], numeric) < 1e-6, name


def test_numpy_clipping_matches_tf_clip_by_global_norm(tf):
    checks = checks_of("tf_train_step")
    for params, x, y, _, max_norm in train_step_cases(checks):
        _, grads = numpy_gradients(params, x, y)
        ours, norm = numpy_clip(grads, max_norm)
        theirs, tf_norm = tf.clip_by_global_norm([tf.constant(grads[k]) for k in NAMES], max_norm)
        assert rel_error(norm, float(tf_norm)) < 1e-12
        for name, clipped in zip(NAMES, theirs):
            assert rel_error(ours[name], clipped.numpy()) < 1e-12


def test_train_step_reference_matches_numpy(tf):
    checks = checks_of("tf_train_step")
    ref = reference("tf_train_step")
    clipped_cases = 0
    for params, x, y, learning_rate, max_norm in train_step_cases(checks):
        originals = {k: v.copy() for k, v in params.items()}
        new, loss, norm = ref.train_step(params, x, y, learning_rate, max_norm)
        want_new, want_loss, want_norm = numpy_step(originals, x, y, learning_rate, max_norm)
        assert isinstance(loss, float) and isinstance(norm, float)
        assert rel_error(loss, want_loss) < 1e-12
        assert rel_error(norm, want_norm) < 1e-12
        for name in NAMES:
            assert new[name].dtype == np.float64
            assert rel_error(new[name], want_new[name]) < 1e-12, name
            np.testing.assert_array_equal(params[name], originals[name])  # not modified in place
        step = np.sqrt(sum(np.sum((new[k] - originals[k]) ** 2) for k in NAMES))
        assert step <= learning_rate * max_norm * (1 + 1e-12)
        clipped_cases += norm > max_norm
    assert 3 <= clipped_cases < len(train_step_cases(checks))  # both regimes are exercised


def test_train_step_lesson_numbers(tf):
    ref = reference("tf_train_step")
    new, loss, norm = ref.train_step(*checks_of("tf_train_step").worked_example())
    assert round(loss, 4) == 0.2201 and round(norm, 4) == 1.1478
    assert np.allclose(new["W1"], [[0.5078, -1.0156], [0.9920, 0.5412]], atol=5e-5)
    assert np.allclose(new["b1"], [0.0038, 0.5050], atol=5e-5)
    assert np.allclose(new["W2"], [[0.9497], [-2.0561]], atol=5e-5)
    assert np.allclose(new["b2"], [0.4529], atol=5e-5)


def test_clipping_check_inputs_always_clip(tf):
    """The clipping check asserts its data makes clipping active: true for many seeds."""
    checks = checks_of("tf_train_step")
    ref = reference("tf_train_step")
    for seed in range(40):
        rng = np.random.default_rng(seed)
        params, x, y = checks._problem(rng, far_targets=True)
        assert ref.train_step(params, x, y, 0.1, 1.0)[2] > 2 * 2.0  # max_norm is at most 2


# ---------------------------------------------------------------- additive_attention: numpy formula


def numpy_additive_attention(query, values, W1, W2, v, mask=None):
    scores = np.einsum("btu,uo->bt", np.tanh((query @ W1)[:, None, :] + values @ W2), v)
    if mask is not None:
        scores = np.where(mask, scores, -1e9)
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))
    weights = exp / exp.sum(axis=1, keepdims=True)
    return np.einsum("bt,btd->bd", weights, values), weights


def run_layer(tf, module, units, inputs, weights):
    layer = module.AdditiveAttention(units, dtype="float64")
    tensors = [tf.constant(np.asarray(a)) for a in inputs]
    layer(*tensors)
    assert [tuple(w.shape) for w in layer.get_weights()] == [np.shape(w) for w in weights]
    layer.set_weights(weights)
    context, attention = layer(*tensors)
    assert context.dtype == tf.float64 and attention.dtype == tf.float64
    return context.numpy(), attention.numpy()


def test_additive_attention_reference_matches_numpy(tf, keras):
    checks = checks_of("additive_attention")
    ref = reference("additive_attention")
    rng = np.random.default_rng(24)
    cases = [checks.worked_example()] + [checks._case(rng) for _ in range(4)]
    cases.append(checks._case(rng, batch=1, steps=5, d_query=3, d_value=4, units=2))
    for units, inputs, weights in cases:
        batch, steps = inputs[1].shape[:2]
        mask = rng.random((batch, steps)) < 0.6
        mask[:, 0] = True
        for extra in ([], [mask]):
            context, attention = run_layer(tf, ref, units, inputs + extra, weights)
            want_context, want_weights = numpy_additive_attention(*inputs, *weights, *extra)
            assert context.shape == (batch, inputs[1].shape[2]) and attention.shape == (batch, steps)
            assert rel_error(context, want_context) < 1e-12
            assert rel_error(attention, want_weights) < 1e-12
            np.testing.assert_allclose(attention.sum(axis=1), 1.0, rtol=1e-12)
            if extra:
                assert np.all(attention[~mask] == 0.0)


def test_additive_attention_fully_masked_row_is_uniform(tf, keras):
    ref = reference("additive_attention")
    units, inputs, weights = checks_of("additive_attention")._case(np.random.default_rng(7), batch=3, steps=5)
    mask = np.ones((3, 5), dtype=bool)
    mask[1] = False
    _, attention = run_layer(tf, ref, units, inputs + [mask], weights)
    np.testing.assert_allclose(attention[1], np.full(5, 0.2), rtol=1e-12)
    assert np.all(np.isfinite(attention))


def test_additive_attention_lesson_numbers(tf, keras):
    ref = reference("additive_attention")
    units, inputs, weights = checks_of("additive_attention").worked_example()
    context, attention = run_layer(tf, ref, units, inputs, weights)
    np.testing.assert_allclose(attention, [[0.0861, 0.2088, 0.1341, 0.5710]], atol=5e-5)
    np.testing.assert_allclose(context, [[-0.3508, 1.4848]], atol=5e-5)
    context, attention = run_layer(tf, ref, units, inputs + [np.array([[True, True, True, False]])], weights)
    np.testing.assert_allclose(attention, [[0.2007, 0.4868, 0.3125, 0.0]], atol=5e-5)
    np.testing.assert_allclose(context, [[0.5132, 0.7993]], atol=5e-5)
