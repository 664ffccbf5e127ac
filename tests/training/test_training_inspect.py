"""The trainer's guard against a forged model config (the sandbox may send any JSON: here configs
written by hand, not by Keras), and the calibration rule of validate."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.course import Exercise, TrainingSpec
from tutor.grading.report import GradeReport
from tutor.validation import calibration_finding


def dense(units, **extra):
    return {"module": "keras.layers", "class_name": "Dense", "registered_name": None,
            "config": {"units": units, "activation": "relu", **extra}}


def model(*layers):
    return {"module": "keras", "class_name": "Sequential", "registered_name": None,
            "config": {"layers": [{"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
                                   "config": {"batch_shape": [None, 4]}}, *layers]}}


def constant(value):
    return {"module": "keras.initializers", "class_name": "Constant", "registered_name": None,
            "config": {"value": value}}


@pytest.fixture(scope="module")
def refused(keras):
    from tutor.helpers.config_allowlist import check_model_config

    return lambda config: check_model_config(config, keras=keras)


@pytest.mark.tensorflow
def test_a_plain_model_of_built_in_layers_is_allowed(refused):
    assert refused(model(dense(16, bias_initializer=constant(0.1)), dense(3))) == []


@pytest.mark.tensorflow
def test_weights_written_into_an_initializer_are_refused(refused):
    problems = refused(model(dense(3, bias_initializer=constant([[0.5, 1.0, 2.0]] * 4))))
    assert "bias_initializer=Constant: value must be a single number" in problems[0]
    assert "may not be Constant" in refused(model(dense(3, kernel_initializer=constant(0.5))))[0]


@pytest.mark.tensorflow
def test_a_table_of_numbers_anywhere_in_the_config_is_refused(refused):
    table = refused(model(dense(3, extra=[[1.0, 2.0]])))
    assert "unknown setting 'extra'; weights and data cannot be written" in table[0]
    assert "unknown setting 'extra'" in refused(model(dense(3, extra=list(range(100)))))[0]
    assert "units must be a whole number" in refused(model(dense(list(range(100)))))[0]


@pytest.mark.tensorflow
def test_classes_outside_keras_or_without_a_module_are_refused(refused):
    custom = {**dense(3), "module": "learner", "registered_name": "Custom>Dense"}
    no_module = {key: value for key, value in dense(3).items() if key != "module"}
    function = {"module": "builtins", "class_name": "function", "config": "system", "registered_name": None}
    numpy = {"class_name": "__numpy__", "config": {"value": [1.0, 2.0], "dtype": "float32"}}
    for forged in (custom, no_module, function, numpy):
        assert refused(model(forged)), forged
    assert "Lambda layers are not allowed" in refused(model({**dense(3), "class_name": "Lambda"}))[0]


def spec(metric="accuracy", target=0.9):
    return TrainingSpec("iris", metric, target, 10, 100, 10.0, (4,), 3)


def exercise(training):
    return Exercise("iris_dense", "Iris", "keras", "Keras", Path("."), Path("."), "keras/iris_dense.py",
                    training=training)


def trained(value):
    return GradeReport("iris_dense", "passed", 4, 4, training={"metric": "accuracy", "value": value})


def test_calibration_needs_the_margin_under_the_worst_seed():
    assert calibration_finding(exercise(spec()), [trained(0.95), trained(0.93)]).ok
    tight = calibration_finding(exercise(spec()), [trained(0.95), trained(0.91)])
    assert not tight.ok and "worst seed 0.9100" in tight.detail
    error_metric = spec("mse", 0.02)
    assert calibration_finding(exercise(error_metric), [trained(0.010), trained(0.017)]).ok
    assert not calibration_finding(exercise(error_metric), [trained(0.010), trained(0.019)]).ok
    untrained = GradeReport("iris_dense", "failed", 0, 4)
    assert not calibration_finding(exercise(spec()), [trained(0.95), untrained]).ok


def test_a_model_that_outputs_a_sequence_is_told_why_before_training(keras):
    from tutor.helpers.inspect_model import inspect

    model = keras.Sequential([keras.Input(shape=(30, 1)), keras.layers.LSTM(4, return_sequences=True),
                              keras.layers.Dense(1)])
    spec = {"input_shape": [30, 1], "outputs": 1, "labels": "values", "max_params": 10_000, "max_epochs": 50}
    problems = inspect(model, {"loss": "mse"}, {"epochs": 5, "batch_size": 32}, spec)
    assert problems and "outputs a sequence of shape (30, 1)" in problems[0]
    assert "return_sequences=False" in problems[0]


def test_the_baseline_must_miss_the_target_on_every_seed():
    from dataclasses import replace

    from tutor.validation import baseline_finding

    named = exercise(replace(spec(), baseline="mutants/plain.py"))
    assert baseline_finding(named, [trained(0.70), trained(0.85)]).ok
    reaches = baseline_finding(named, [trained(0.70), trained(0.91)])
    assert not reaches.ok and "its best seed 0.91 reaches the target 0.9" in reaches.detail
    assert not baseline_finding(named, [trained(0.70), GradeReport("iris_dense", "failed", 0, 4)]).ok
    unnamed = baseline_finding(exercise(spec()), [])
    assert not unnamed.ok and "no [training] baseline" in unnamed.detail
    error_metric = exercise(replace(spec("mse", 0.01), baseline="build_linear"))
    assert baseline_finding(error_metric, [trained(0.019), trained(0.02)]).ok
    assert not baseline_finding(error_metric, [trained(0.019), trained(0.009)]).ok


def test_the_lesson_must_state_the_target_budgets_and_the_references_parameters(tmp_path):
    from dataclasses import replace

    from tutor.grading.report import CheckResult
    from tutor.validation import figures_finding

    (tmp_path / "lesson.md").write_text("Target: accuracy **≥ 0.90**; at most 10 epochs and 100 parameters; 131 in all.")
    lesson_exercise = replace(exercise(spec()), folder=tmp_path)
    reference = GradeReport("iris_dense", "passed", 4, 4, training={"params": 131},
                            checks=(CheckResult("test accuracy ≥ 0.90 on the flowers", "passed", 3, 3),))
    assert figures_finding(lesson_exercise, reference).ok
    stale = GradeReport("iris_dense", "passed", 4, 4, training={"params": 4810},
                        checks=(CheckResult("test accuracy ≥ 0.95 on the flowers", "passed", 3, 3),))
    finding = figures_finding(lesson_exercise, stale)
    assert not finding.ok and "states ≥ 0.95, but the target is 0.9" in finding.detail
    assert "the reference has 4,810 parameters, a number the lesson never states" in finding.detail
    (tmp_path / "lesson.md").write_text("Target: ≥ 0.95.")
    assert "the lesson never says ≥ 0.9" in figures_finding(lesson_exercise, None).detail
