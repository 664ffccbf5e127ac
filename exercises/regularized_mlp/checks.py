"""Regularized MLP: the model is described in the sandbox, rebuilt and trained by dltutor's trusted trainer.

Besides fitting the task, the model must use both regularizers the lesson is about: a Dropout
layer and an L2 penalty on the kernel of a Dense layer (read from the model's config).
"""

from tutor.grading.api import check


def _l2_factor(regularizer) -> float:
    """The L2 factor of a serialized kernel_regularizer (L2, or L1L2 with l2 > 0), else 0."""
    if not isinstance(regularizer, dict) or regularizer.get("class_name") not in ("L2", "L1L2"):
        return 0.0
    value = (regularizer.get("config") or {}).get("l2", 0.0)
    return float(value) if isinstance(value, (int, float)) else 0.0


@check("your model fits the task: input (20,), 3 outputs, a loss for integer labels, within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("your model uses Dropout and an L2 kernel_regularizer on a Dense layer", points=1)
def uses_dropout_and_l2(t):
    layers = t.model_layers()
    t.expect(bool(layers), "not checked: build_model() did not build a model (see the check above)")
    dropouts = [layer["config"].get("rate") for layer in layers if layer["class_name"] == "Dropout"]
    dense = [layer["config"] for layer in layers if layer["class_name"] == "Dense"]
    factors = [_l2_factor(config.get("kernel_regularizer")) for config in dense]
    has_dropout = any(isinstance(rate, (int, float)) and rate > 0 for rate in dropouts)
    has_l2 = any(factor > 0 for factor in factors)
    missing = []
    if not has_dropout:
        if dropouts:
            missing.append("your Dropout layer has rate 0, so it drops nothing: give it a rate such as 0.3 "
                           "(the fraction of units dropped while training)")
        else:
            missing.append("your model has no Dropout layer: add keras.layers.Dropout(0.3) after a hidden "
                           "Dense layer")
    if not has_l2:
        other = {str((config.get("kernel_regularizer") or {}).get("class_name")) for config in dense
                 if isinstance(config.get("kernel_regularizer"), dict)}
        if other:
            missing.append(f"no Dense layer has an L2 kernel_regularizer (you used {', '.join(sorted(other))}): "
                           "pass kernel_regularizer=keras.regularizers.L2(1e-3) to the hidden Dense layers")
        elif any(config.get("activity_regularizer") or config.get("bias_regularizer") for config in dense):
            missing.append("no Dense layer has an L2 kernel_regularizer: the penalty belongs on the weights, "
                           "kernel_regularizer=keras.regularizers.L2(1e-3), not on the bias or the activity")
        else:
            missing.append("no Dense layer has an L2 kernel_regularizer: pass "
                           "kernel_regularizer=keras.regularizers.L2(1e-3) to the hidden Dense layers")
    if missing:
        t.fail("; and ".join(missing))


@check("test accuracy ≥ 0.82 on the held-out 25% of the rows", points=3)
def reaches_the_target(t):
    t.reach_target()
