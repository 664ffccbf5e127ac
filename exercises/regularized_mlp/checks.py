"""Regularized MLP: the model is described in the sandbox, rebuilt, measured and trained by dltutor's
trusted trainer.

Besides fitting the task, the model must use both regularizers the lesson is about: a Dropout layer
with a rate above 0 and an L2 penalty on the kernel of a Dense layer that trains, as the trainer
measured them on the rebuilt model (the learner's description only words the message).
"""

from tutor.grading.api import check


@check("your model fits the task: input (300,), 3 outputs, a loss for integer labels, within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("your model uses Dropout and an L2 kernel_regularizer on a Dense layer", points=1)
def uses_dropout_and_l2(t):
    facts = t.model_facts()
    has_dropout = any(layer.rate > 0 for layer in facts.layers_of("dropout"))
    has_l2 = any(layer.l2 > 0 and layer.trainable for layer in facts.layers_of("Dense"))
    if has_dropout and has_l2:
        return
    dense = [layer["config"] for layer in t.model_layers() if layer["class_name"] == "Dense"]
    missing = []
    if not has_dropout:
        if facts.layers_of("dropout"):
            missing.append("your Dropout layer has rate 0, so it drops nothing: give it a rate such as 0.3 "
                           "(the fraction of units dropped while training)")
        else:
            missing.append("your model has no Dropout layer: add keras.layers.Dropout(0.3) after a hidden "
                           "Dense layer")
    if not has_l2:
        other = {str((config.get("kernel_regularizer") or {}).get("class_name")) for config in dense
                 if isinstance(config.get("kernel_regularizer"), dict)}
        if other - {"L2", "L1L2"}:
            missing.append(f"no Dense layer has an L2 kernel_regularizer (you used {', '.join(sorted(other))}): "
                           "pass kernel_regularizer=keras.regularizers.L2(1e-3) to the hidden Dense layers")
        elif any(config.get("activity_regularizer") or config.get("bias_regularizer") for config in dense):
            missing.append("no Dense layer has an L2 kernel_regularizer: the penalty belongs on the weights, "
                           "kernel_regularizer=keras.regularizers.L2(1e-3), not on the bias or the activity")
        else:
            missing.append("no Dense layer that trains has an L2 kernel_regularizer above 0: pass "
                           "kernel_regularizer=keras.regularizers.L2(1e-3) to the hidden Dense layers")
    t.fail_structure("; and ".join(missing))


@check("test accuracy ≥ 0.575 on the 1,500 held-out rows", points=3)
def reaches_the_target(t):
    t.reach_target()
