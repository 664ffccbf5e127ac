"""Static checks of a rebuilt learner's model before any training: the task's input and output
shapes, a loss that fits the labels, the parameter and epoch budgets, and the memory its activations
need per batch. (What classes and settings may be rebuilt at all is ``config_allowlist``'s job.)

Each problem is a sentence in the learner's terms; the first one is what they see.
"""

from __future__ import annotations

MULTICLASS_LOSSES = {"sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"}
ONE_HOT_LOSSES = {"categorical_crossentropy", "CategoricalCrossentropy", "categorical_focal_crossentropy"}
BINARY_LOSSES = {"binary_crossentropy", "BinaryCrossentropy", "binary_focal_crossentropy"}
VALUE_LOSSES = {"mse", "mean_squared_error", "MeanSquaredError", "mae", "mean_absolute_error",
                "MeanAbsoluteError", "huber", "Huber", "log_cosh", "LogCosh"}


def _loss_name(compile_config: dict) -> tuple[str, bool]:
    loss = compile_config.get("loss")
    if isinstance(loss, str):
        return loss, False
    if isinstance(loss, dict) and loss.get("class_name") == "function":  # keras.losses.mse, by name
        return str(loss.get("config")), False
    if isinstance(loss, dict):
        inner = loss.get("config") or {}
        return str(loss.get("class_name", "")), bool(inner.get("from_logits", False))
    return repr(loss), False


def _last_activation(model) -> str:
    import keras  # noqa: PLC0415  (Keras only in the trainer, which has imported it)

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
    elif labels == "unit_values" and loss in BINARY_LOSSES:  # e.g. pixels in [0, 1] of a reconstruction
        if activation not in ("sigmoid",) and not from_logits:
            return [f"{loss} compares outputs between 0 and 1 with targets between 0 and 1: end with "
                    "activation='sigmoid' (or pass from_logits=True), or use mse"]
    elif loss not in VALUE_LOSSES:
        losses = "mse (or binary_crossentropy, since the targets lie between 0 and 1)" \
            if labels == "unit_values" else "mse"
        return [f"the loss {loss} is for classification, but this task predicts values: use {losses}"]
    elif activation == "softmax":
        return ["softmax on a regression output forces the outputs to sum to 1: use a linear output"]
    return []


def _fits(got: tuple | None, expected: tuple) -> bool:
    """A model input (None: any length, e.g. a sequence of any number of steps) fits the data shape."""
    return got is not None and len(got) == len(expected) and all(g in (None, e) for g, e in zip(got, expected))


def inspect(model, compile_config: dict | None, fit: dict, spec: dict) -> list[str]:
    """Problems with a rebuilt ``model`` for the task ``spec``, before any training."""
    if not compile_config or not compile_config.get("loss"):
        return ["build_model() must compile the model: model.compile(optimizer=..., loss=..., metrics=[...])"]
    expected_input = tuple(spec["input_shape"])
    got_input = tuple(model.input_shape[1:]) if not isinstance(model.input_shape, list) else None
    if not _fits(got_input, expected_input):
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
                "values": f"each prediction has {outputs} value(s)",
                "unit_values": f"each prediction has {outputs} value(s)"}[spec["labels"]]
        problems.append(f"your last layer has {units} units but {what}")
    problems += _loss_problems(spec, loss, from_logits, activation, units)
    params = model.count_params()
    if params > spec["max_params"]:
        problems.append(f"your model has {params:,} parameters; the budget is {spec['max_params']:,}")
    epochs = fit.get("epochs")  # the grader made these whole numbers (operator.index); checked again here
    if not isinstance(epochs, int) or isinstance(epochs, bool) or epochs < 1:
        problems.append(f"EPOCHS must be a positive whole number, not {epochs!r}")
    elif epochs > spec["max_epochs"]:
        problems.append(f"EPOCHS = {epochs} but the budget is {spec['max_epochs']} epochs")
    batch = fit.get("batch_size")
    if not isinstance(batch, int) or isinstance(batch, bool) or not 1 <= batch <= 4096:
        problems.append(f"BATCH_SIZE must be a whole number from 1 to 4096, not {batch!r}")
    return problems


BACKWARD_FACTOR = 3  # forward outputs kept for the backward pass, their gradients, and workspace
GATES = {"LSTM": 5, "GRU": 4, "SimpleRNN": 1}  # values kept per unit and step (gates and state)


def _nodes(model):
    """The calls of the model's graph, nested models opened up. A Sequential rebuilt from its config
    called its layers once per layer added, so a layer's own node list overcounts: the graph does not."""
    import keras  # noqa: PLC0415  (Keras only in the trainer, which has imported it)

    graph = getattr(model, "_functional", None) or model  # a Sequential keeps its graph there
    by_depth = getattr(graph, "_nodes_by_depth", None)
    if by_depth is None:  # not a graph Keras exposes: each layer's latest call
        nodes = [layer._inbound_nodes[-1] for layer in model.layers if getattr(layer, "_inbound_nodes", None)]
    else:
        nodes = [node for depth in by_depth.values() for node in depth]
    for node in nodes:
        if isinstance(node.operation, keras.Model):
            yield from _nodes(node.operation)
        elif not isinstance(node.operation, keras.layers.InputLayer):
            yield node


def _size(shape, fill: int) -> int:
    total = 1
    for dim in shape[1:]:
        total *= fill if dim is None else int(dim)
    return total


def activation_bytes(model, batch: int, input_shape) -> int:
    """About how many bytes training ``model`` keeps per batch of ``batch`` rows: every layer's
    outputs (a recurrent layer's state at every step), float32, times ``BACKWARD_FACTOR``."""
    import keras  # noqa: PLC0415  (Keras only in the trainer, which has imported it)

    fill = max(input_shape or (1,))  # an axis of any length (None) is as long as the data's longest
    values = 0
    for node in _nodes(model):
        layer = node.operation
        values += sum(_size(tensor.shape, fill) for tensor in node.output_tensors)
        recurrent = layer.forward_layer if isinstance(layer, keras.layers.Bidirectional) else layer
        if isinstance(recurrent, keras.layers.RNN) and node.input_tensors:
            steps = node.input_tensors[0].shape[1] or fill
            directions = 2 if recurrent is not layer else 1
            units = getattr(recurrent.cell, "units", 1)
            values += steps * int(units) * GATES.get(type(recurrent).__name__, 4) * directions
    return values * int(batch) * 4 * BACKWARD_FACTOR


def memory_problem(model, batch: int, input_shape, memory_mb: int) -> str | None:
    """The learner's message when the activations alone would not fit in the exercise's memory."""
    needed = activation_bytes(model, batch, input_shape) / 2**20
    if needed <= memory_mb:
        return None
    return (f"your model needs about {needed:,.0f} MB of activations per batch of {batch}, more than the "
            f"{memory_mb:,} MB this exercise has: use a smaller BATCH_SIZE or smaller layers")
