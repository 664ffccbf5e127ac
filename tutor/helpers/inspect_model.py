"""Static checks of a learner's model before any training: only built-in Keras classes, the task's
input and output shapes, a loss that fits the labels, and the parameter and epoch budgets.

Each problem is a sentence in the learner's terms; the first one is what they see.
"""

from __future__ import annotations

ALLOWED_MODULES = {
    "keras", "keras.layers", "keras.initializers", "keras.regularizers", "keras.constraints",
    "keras.optimizers", "keras.optimizers.schedules", "keras.losses", "keras.metrics", "keras.activations",
    "keras.src.models.functional", "keras.src.models.sequential",
}
FORBIDDEN_CLASSES = {"Lambda", "TFSMLayer", "TorchModuleWrapper", "JaxLayer", "FlaxLayer"}
MULTICLASS_LOSSES = {"sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"}
ONE_HOT_LOSSES = {"categorical_crossentropy", "CategoricalCrossentropy", "categorical_focal_crossentropy"}
BINARY_LOSSES = {"binary_crossentropy", "BinaryCrossentropy", "binary_focal_crossentropy"}
VALUE_LOSSES = {"mse", "mean_squared_error", "MeanSquaredError", "mae", "mean_absolute_error",
                "MeanAbsoluteError", "huber", "Huber", "log_cosh", "LogCosh"}


LONGEST_NUMBER_LIST = 64  # shapes, strides and per-feature settings are short; weights are not


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def forbidden_objects(config) -> list[str]:
    """Every class in a Keras config that is not a built-in we allow, and any data that could
    carry weights into the fresh model (an initializer holding an array, a long list of numbers)."""
    problems = []
    if isinstance(config, dict):
        name = config.get("class_name")
        if isinstance(name, str) and "config" in config:
            module = config.get("module")
            if name in FORBIDDEN_CLASSES:
                problems.append(f"{name} layers are not allowed: they can run arbitrary code; "
                                "build the model from built-in Keras layers")
            elif config.get("registered_name") not in (None, name) or module not in ALLOWED_MODULES:
                problems.append(f"{name} is not a built-in Keras class ({config.get('registered_name') or module}); "
                                "custom classes are not allowed here")
            elif module == "keras.initializers" and isinstance(config["config"], dict) and any(
                    isinstance(v, list) for v in config["config"].values()):
                problems.append(f"the {name} initializer holds an array: weights must be learned here from "
                                "fresh initial values, not written into the model")
        for value in config.values():
            problems += forbidden_objects(value)
    elif isinstance(config, list):
        numbers = sum(map(_is_number, config))
        nested = any(isinstance(v, list) and any(map(_is_number, v)) for v in config)
        if nested or numbers > LONGEST_NUMBER_LIST:
            problems.append("your model's config carries a table of numbers: weights must be learned here "
                            "from fresh initial values, not written into the model")
        else:
            for value in config:
                problems += forbidden_objects(value)
    return problems


def _loss_name(compile_config: dict) -> tuple[str, bool]:
    loss = compile_config.get("loss")
    if isinstance(loss, str):
        return loss, False
    if isinstance(loss, dict):
        inner = loss.get("config") or {}
        return str(loss.get("class_name", "")), bool(inner.get("from_logits", False))
    return repr(loss), False


def _last_activation(model) -> str:
    import keras

    for layer in reversed(model.layers):
        if isinstance(layer, keras.layers.Softmax):
            return "softmax"
        activation = getattr(layer, "activation", None)
        if activation is not None:
            return getattr(activation, "__name__", str(activation))
        if not isinstance(layer, (keras.layers.Dropout, keras.layers.Reshape, keras.layers.Flatten)):
            return ""
    return ""


def _loss_problems(spec: dict, loss: str, from_logits: bool, activation: str, units: int) -> list[str]:
    labels = spec["labels"]
    if labels == "integers":
        if loss in ONE_HOT_LOSSES:
            return [f"integer labels with {loss}: the labels are class numbers (0, 1, 2, …), not one-hot "
                    "vectors; use sparse_categorical_crossentropy"]
        if loss in BINARY_LOSSES:
            return [f"{loss} on a {spec['outputs']}-class problem: use sparse_categorical_crossentropy "
                    "with a softmax output"]
        if loss not in MULTICLASS_LOSSES:
            return [f"the loss {loss} does not fit a classification task: use sparse_categorical_crossentropy"]
        if activation == "sigmoid":
            return ["sigmoid on a multi-class output: use softmax, so the class probabilities sum to 1"]
        if activation == "linear" and not from_logits:
            return ["your last layer outputs raw scores (no activation) but the loss expects probabilities: "
                    "use activation='softmax' (or from_logits=True in the loss)"]
    elif labels == "binary":
        if activation == "softmax" and units == 1:
            return ["softmax on a single unit always outputs 1.0: use Dense(1, activation='sigmoid') "
                    "with binary_crossentropy"]
        if loss in ONE_HOT_LOSSES or loss in MULTICLASS_LOSSES:
            if units == 1:
                return [f"{loss} with a single output unit: a binary task with one sigmoid unit "
                        "uses binary_crossentropy"]
            if loss in ONE_HOT_LOSSES:
                return [f"integer labels with {loss}: the labels are 0 or 1, not one-hot vectors; "
                        "use binary_crossentropy with one sigmoid unit"]
        elif loss in BINARY_LOSSES:
            if activation == "softmax":
                return ["softmax with binary cross-entropy: use one sigmoid unit for a binary task"]
            if activation == "linear" and not from_logits:
                return ["your last layer outputs raw scores (no activation) but binary_crossentropy expects "
                        "probabilities: use activation='sigmoid' (or from_logits=True)"]
        else:
            return [f"the loss {loss} does not fit a binary classification task: use binary_crossentropy"]
    elif loss not in VALUE_LOSSES:
        return [f"the loss {loss} is for classification, but this task predicts values: use mse"]
    elif activation == "softmax":
        return ["softmax on a regression output forces the outputs to sum to 1: use a linear output"]
    return []


def inspect(model, compile_config: dict | None, fit: dict, spec: dict) -> list[str]:
    """Problems with a rebuilt ``model`` for the task ``spec``, before any training."""
    if not compile_config or not compile_config.get("loss"):
        return ["build_model() must compile the model: model.compile(optimizer=..., loss=..., metrics=[...])"]
    expected_input = tuple(spec["input_shape"])
    got_input = tuple(model.input_shape[1:]) if not isinstance(model.input_shape, list) else None
    if got_input != expected_input:
        hint = ""
        if got_input and got_input + (1,) == expected_input:
            hint = f": add the channel axis, keras.Input(shape={expected_input})"
        return [f"your model takes inputs of shape {got_input} but the data has shape {expected_input}{hint}"]
    if isinstance(model.output_shape, tuple) and len(model.output_shape) != 2:
        return [f"your model outputs a sequence of shape {tuple(model.output_shape[1:])}, but each prediction "
                f"is {spec['outputs']} value(s): the last recurrent layer must not return sequences "
                "(return_sequences=False), or add Flatten before the output"]
    units = model.output_shape[-1]
    outputs = spec["outputs"]
    loss, from_logits = _loss_name(compile_config)
    activation = _last_activation(model)
    problems = []
    if units != outputs and not (spec["labels"] == "binary" and units == 2 and loss in MULTICLASS_LOSSES):
        what = {"integers": f"there are {outputs} classes: one unit per class",
                "binary": "a binary task needs one sigmoid unit",
                "values": f"each prediction has {outputs} value(s)"}[spec["labels"]]
        problems.append(f"your last layer has {units} units but {what}")
    problems += _loss_problems(spec, loss, from_logits, activation, units)
    params = model.count_params()
    if params > spec["max_params"]:
        problems.append(f"your model has {params:,} parameters; the budget is {spec['max_params']:,}")
    epochs = fit.get("epochs")
    if not isinstance(epochs, int) or isinstance(epochs, bool) or epochs < 1:
        problems.append(f"EPOCHS must be a positive whole number, not {epochs!r}")
    elif epochs > spec["max_epochs"]:
        problems.append(f"EPOCHS = {epochs} but the budget is {spec['max_epochs']} epochs")
    batch = fit.get("batch_size")
    if not isinstance(batch, int) or isinstance(batch, bool) or not 1 <= batch <= 4096:
        problems.append(f"BATCH_SIZE must be a whole number from 1 to 4096, not {batch!r}")
    return problems
