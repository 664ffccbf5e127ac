"""Model configs and compile settings accepted by allowlist (DESIGN §3), in the trusted trainer.

A learner's sandbox sends any JSON it likes, so nothing in it is rebuilt unless every object is an
allowed class (``allowed_classes``), written as the installed Keras writes that class (module,
registered name), with exactly the keys a default instance of it has (plus a few Keras adds only when
set), and every value fits its key's schema (``allowlist_schema``). A key with no schema may only keep
its class default; literal numbers are counted and capped, so no table of weights or data fits in;
a functional model's ``inbound_nodes`` may only refer to other layers' outputs. The first problem is
the one a learner sees: it names the layer and the key.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from typing import Any

from tutor.helpers import allowed_classes as classes
from tutor.helpers.allowlist_schema import (
    CLASS_KEYS,
    DTYPES,
    FLAG,
    KIND_KEYS,
    LAYER_KEYS,
    TENSORS,
    LearningRate,
    Maybe,
    Obj,
    ObjList,
    is_number,
    plain,
)

PRETRAINED_PREFIX = "dltutor_pretrained_"  # reserved: the trainer substitutes a pre-trained base there
MAX_NUMBERS = 400  # literal numbers in a model config: hyperparameters and shapes need far fewer
MAX_LAYERS = 200
MAX_PROBLEMS = 10
LITERAL = "; weights and data cannot be written into the model, it learns them here from fresh initial values"
CODE_CLASSES = {"Lambda", "TFSMLayer", "TorchModuleWrapper", "JaxLayer", "FlaxLayer"}
OBJECT_KEYS = {"module", "class_name", "config", "registered_name"}
GRAPH_KEYS = {"build_config", "name", "inbound_nodes"}  # what a layer entry of a model carries besides
OPTIONAL = {"layer": {"activity_regularizer"}, "model": {"build_input_shape"}}  # set only when used
NODE_KWARGS: dict[str, Any] = {"mask": TENSORS, "training": Maybe(FLAG), "initial_state": TENSORS, "query": TENSORS,
               "value": TENSORS, "key": TENSORS, "attention_mask": TENSORS, "query_mask": TENSORS,
               "value_mask": TENSORS, "key_mask": TENSORS, "return_attention_scores": FLAG,
               "use_causal_mask": FLAG}
WHAT = {"layer": "a layer", "cell": "a recurrent cell", "model": "a model", "initializer": "an initializer",
        "regularizer": "a regularizer", "constraint": "a constraint", "dtype_policy": "a dtype policy",
        "optimizer": "an optimizer", "schedule": "a learning-rate schedule", "loss": "a loss",
        "metric": "a metric", "activation": "an activation", "callback": "a callback"}


@dataclass(frozen=True)
class Reference:
    """How the installed Keras writes a default instance of an allowed class."""

    kind: str
    class_name: str
    module: str | None
    registered_name: str | None
    defaults: dict


_makers: dict[str, dict] = {}
_references: dict[tuple[str, str], Reference | None] = {}
_tensor_keys: list[frozenset] = []


def _plainly(value):
    return json.loads(json.dumps(value))  # tuples become lists, as in the JSON the sandbox sends


def reference(keras, kind: str, class_name: str) -> Reference | None:
    """The reference of ``class_name`` among ``kind``'s allowed classes (built once per process)."""
    key = (kind, class_name)
    if kind not in classes.KINDS:  # activations are functions, named: no class of theirs is allowed
        return None
    if key not in _references:
        if kind not in _makers:
            _makers[kind] = classes.KINDS[kind](keras)
        maker = _makers[kind].get(class_name)
        if maker is None:
            _references[key] = None
        elif kind == "callback":  # not serializable: its keys are its constructor's parameters
            parameters = inspect.signature(maker).parameters.values()
            _references[key] = Reference(kind, class_name, "keras.callbacks", None, {
                p.name: p.default for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD})
        else:
            written = _plainly(keras.saving.serialize_keras_object(maker()))
            _references[key] = Reference(kind, class_name, written.get("module"), written.get("registered_name"),
                                         written["config"])
    return _references[key]


def _keras_tensor_keys(keras) -> frozenset:
    """The keys of a Keras tensor reference in a functional model's inbound nodes, as Keras writes them."""
    if not _tensor_keys:
        reference(keras, "model", "Functional")
        inputs = keras.Input(shape=(1,))
        written = _plainly(keras.saving.serialize_keras_object(keras.Model(inputs, keras.layers.Flatten()(inputs))))
        _tensor_keys.append(frozenset(written["config"]["layers"][1]["inbound_nodes"][0]["args"][0]["config"]))
    return _tensor_keys[0]


def _count(value) -> int:
    if is_number(value):
        return 1
    if isinstance(value, list):
        return sum(map(_count, value))
    if isinstance(value, dict) and "class_name" not in value:  # an object counts its own numbers
        return sum(map(_count, value.values()))
    return 0


class Walk:
    """One walk over a config; ``problems`` collects what is refused, in the learner's terms."""

    def __init__(self, keras, allow=frozenset()):
        self.keras, self.allow = keras, frozenset(allow)
        self.problems: list[str] = []
        self.numbers = self.layers = 0

    def refuse(self, message: str) -> None:
        if message not in self.problems and len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)

    def obj(self, node, schema: Obj, where: str) -> None:
        """Check one Keras object of ``schema.kinds`` found at ``where``, e.g. "layer 'dense' (Dense),
        kernel_initializer"; what is wrong goes to ``problems``."""
        if node is None and schema.optional:
            return
        if isinstance(node, str) and node in schema.names:
            return
        if not isinstance(node, dict) or not isinstance(node.get("class_name"), str):
            expected = " or ".join(WHAT[k] for k in schema.kinds)
            self.refuse(f"{where} must be {expected} built into Keras, not {plain(node)}")
            return
        name, module = node["class_name"], node.get("module")
        if name == "function":
            return self.function(node, schema, where)
        owner = self.owner(node, where)
        if str(module).startswith(("keras.src.ops", "keras.ops")):
            return self.refuse(f"{owner}: keras.ops calls cannot be part of a model graded here; use layers "
                               "(keras.layers.Add, Multiply, Activation, Rescaling, ...)")
        found = next((r for k in schema.kinds if (r := reference(self.keras, k, name))), None)
        if found is None:
            return self.refuse(self.unknown(node, schema, owner))
        if name in schema.refuse:
            return self.refuse(f"{where} may not be {name}: a constant kernel is weights written into the model, "
                               "and kernels start from random values here")
        if module != found.module or node.get("registered_name") not in (None, name, found.registered_name):
            return self.refuse(f"{owner} is not a built-in Keras class ({node.get('registered_name') or module}); "
                               "custom classes are not allowed here")
        allowed_keys = OBJECT_KEYS | (GRAPH_KEYS if found.kind in ("layer", "model", "cell") else set())
        if found.kind == "model":
            allowed_keys = allowed_keys | {"compile_config"}  # ignored: the trainer compiles what it checked
        if extra := sorted(set(node) - allowed_keys):
            return self.refuse(f"{owner}: unexpected entry {extra[0]!r} beside its config")
        config = node.get("config")
        if not isinstance(config, dict):
            return self.refuse(f"{owner}: its config must be a table of settings, not {plain(config)}")
        if found.kind in ("layer", "model", "cell"):
            self.layers += 1
            if self.layers == MAX_LAYERS + 1:
                self.refuse(f"your model has more than {MAX_LAYERS} layers")
            for label in (config.get("name"), node.get("name")):
                if isinstance(label, str) and label.startswith(PRETRAINED_PREFIX) and "pretrained" not in self.allow:
                    self.refuse(f"the name {label!r} is reserved for a pre-trained base that an exercise provides, "
                                "and this exercise provides none: rename the layer")
        self.settings(found, config, owner)
        if "build_config" in node:
            self.build_config(node["build_config"], owner)
        if "name" in node:
            self.scalar(LAYER_KEYS["name"], node["name"], owner, "name")
        if "inbound_nodes" in node:
            self.inbound_nodes(node["inbound_nodes"], owner)

    def owner(self, node: dict, where: str) -> str:
        """How messages name an object: "layer 'dense_1' (Dense)", or where it was found."""
        config: dict = node["config"] if isinstance(node.get("config"), dict) else {}
        label = config.get("name", node.get("name"))
        label = repr(label) if isinstance(label, str) and len(label) <= 80 else "without a name"
        kind = next((k for k in ("model", "cell", "layer") if reference(self.keras, k, node["class_name"])), None)
        if kind is None and where in ("layers", "the model"):
            kind = "layer" if where == "layers" else "model"
        if kind:
            return f"{kind} {label} ({node['class_name']})"
        return f"{where}={node['class_name']}" if ", " in where else f"{where} ({node['class_name']})"

    def unknown(self, node: dict, schema: Obj, owner: str) -> str:
        name, module = node["class_name"], str(node.get("module"))
        if name in CODE_CLASSES:
            return (f"{name} layers are not allowed: they can run arbitrary code; build the model from built-in "
                    "Keras layers")
        other = next((k for k in classes.KINDS if k not in schema.kinds and reference(self.keras, k, name)), None)
        if other:
            return f"{owner}: {name} is {WHAT[other]}, not {' or '.join(WHAT[k] for k in schema.kinds)}"
        if module.startswith("keras") and node.get("registered_name") in (None, name):
            config: dict = node["config"] if isinstance(node.get("config"), dict) else {}
            lists = sorted(key for key, value in config.items() if isinstance(value, list) and _count(value) > 1)
            carries = f" (its {lists[0]} would carry literal data)" if lists else ""
            hint = f"use {WHAT[schema.kinds[0]]} listed in the lesson"
            if {"layer", "model", "cell"} & set(schema.kinds):
                hint = "build the model from Dense, Conv, pooling, recurrent, normalization, dropout and merge layers"
            return f"{owner}: {name} is not among the Keras classes accepted here{carries}: {hint}"
        return (f"{owner} is not a built-in Keras class ({node.get('registered_name') or module}); "
                "custom classes are not allowed here")

    def function(self, node: dict, schema: Obj, where: str) -> None:
        """A built-in function written by name (``keras.activations.relu``, ``keras.losses.mse``)."""
        name = node.get("config")
        if (node.get("module") in classes.ACTIVATION_FUNCTION_MODULES and isinstance(name, str)
                and name in schema.names and set(node) <= OBJECT_KEYS):
            return
        self.refuse(f"{where} must be one of Keras' built-in functions, not {plain(name)}")

    def settings(self, found: Reference, config: dict, owner: str) -> None:
        allowed = set(found.defaults) | OPTIONAL.get(found.kind, set())
        for key, value in config.items():
            if key not in allowed:
                self.refuse(f"{owner}: unknown setting {key!r}" + (LITERAL if _count(value) else ""))
                continue
            schema = CLASS_KEYS.get((found.class_name, key)) or KIND_KEYS.get(found.kind, LAYER_KEYS).get(key)
            if schema is None:
                if value != found.defaults.get(key):
                    self.refuse(f"{owner}: {key} can only keep its default value here "
                                f"({plain(found.defaults.get(key))}), not {plain(value)}" +
                                (LITERAL if _count(value) else ""))
                continue
            self.value(schema, value, owner, key)

    def value(self, schema, value, owner: str, key: str) -> None:
        where = f"{owner}, {key}"
        if isinstance(schema, Obj):
            self.obj(value, schema, where)
        elif isinstance(schema, ObjList):
            if not isinstance(value, list) or len(value) > schema.most:
                self.refuse(f"{owner}: {key} must be a list of at most {schema.most} entries")
                return
            for item in value:
                self.obj(item, Obj(schema.kinds), key)  # each layer is named by itself
        elif schema is TENSORS:
            self.history(value, owner, key)
        elif isinstance(schema, LearningRate):
            if isinstance(value, dict):
                if "schedules" not in self.allow:
                    self.refuse(f"{owner}: learning-rate schedules are not used in this exercise; "
                                "give learning_rate a number")
                else:
                    self.obj(value, Obj(("schedule",)), where)
            else:
                self.scalar(KIND_KEYS["schedule"]["initial_learning_rate"], value, owner, key)
        else:
            self.scalar(schema, value, owner, key)

    def scalar(self, schema, value, owner: str, key: str, literal: bool = True) -> None:
        """``literal``: the value's numbers count towards the cap (shapes the rebuild checks do not)."""
        if problem := schema.problem(value):
            self.refuse(f"{owner}: {key} {problem}" + (LITERAL if isinstance(value, (list, dict)) else ""))
        elif literal:
            self.numbers += _count(value)

    def build_config(self, build: object, owner: str) -> None:
        if not isinstance(build, dict):
            return self.refuse(f"{owner}: build_config must be a table of input shapes")
        for key, shape in build.items():
            if key == "input_shape":
                if shape is not None:
                    self.scalar(LAYER_KEYS["build_input_shape"], shape, owner, "build_config.input_shape", False)
            elif key == "shapes_dict" and isinstance(shape, dict) and len(shape) <= 8:
                for name, each in shape.items():
                    if not (isinstance(name, str) and name.endswith("_shape") and len(name) <= 40):
                        self.refuse(f"{owner}: build_config.shapes_dict may only name input shapes")
                    elif each is not None:
                        self.scalar(LAYER_KEYS["build_input_shape"], each, owner, f"build_config.{name}", False)
            else:
                self.refuse(f"{owner}: build_config may only hold input shapes, not {key!r}")

    def inbound_nodes(self, nodes: object, owner: str) -> None:
        if not isinstance(nodes, list) or len(nodes) > 16:
            return self.refuse(f"{owner}: inbound_nodes must be a short list of calls")
        for node in nodes:
            if not isinstance(node, dict) or set(node) != {"args", "kwargs"} or not isinstance(node["args"], list) \
                    or not isinstance(node["kwargs"], dict):
                self.refuse(f"{owner}: each of its inbound_nodes must be a call with args and kwargs")
                continue
            self.tensors(node["args"], owner)
            for key, value in node["kwargs"].items():
                schema = NODE_KWARGS.get(key)
                if schema is None:
                    self.refuse(f"{owner}: inbound_nodes may not pass {plain(key)} to the layer" +
                                (LITERAL if _count(value) else ""))
                elif schema is TENSORS:
                    self.tensors(value, owner)
                elif problem := schema.problem(value):
                    self.refuse(f"{owner}: inbound_nodes {key} {problem}")

    def tensors(self, value, owner: str, depth: int = 0) -> None:
        """Only references to Keras tensors (other layers' outputs), in nested lists: no constants."""
        if value is None:
            return
        if isinstance(value, list) and depth < 4 and len(value) <= 64:
            for item in value:
                self.tensors(item, owner, depth + 1)
            return
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__" and set(value) == {
                "class_name", "config"} and isinstance(value["config"], dict) and \
                set(value["config"]) == _keras_tensor_keys(self.keras):
            tensor = value["config"]
            if LAYER_KEYS["batch_shape"].problem(tensor.get("shape")) is None and tensor.get("dtype") in DTYPES:
                return self.history(tensor.get("keras_history"), owner, "inbound_nodes")
        self.refuse(f"{owner}: inbound_nodes may only refer to other layers' outputs, not {plain(value)}" +
                    (LITERAL if _count(value) else ""))

    def history(self, value, owner: str, key: str, depth: int = 0) -> None:
        """``[layer name, node index, tensor index]``, or nested lists of them (a model's inputs/outputs)."""
        if isinstance(value, list) and len(value) == 3 and isinstance(value[0], str):
            if LAYER_KEYS["name"].problem(value[0]) is None and all(
                    type(i) is int and 0 <= i <= 1000 for i in value[1:]):
                return
        elif isinstance(value, list) and 0 < len(value) <= 64 and depth < 3:
            for item in value:
                self.history(item, owner, key, depth + 1)
            return
        self.refuse(f"{owner}: {key} may only name other layers' outputs, not {plain(value)}")


def check_model_config(config, *, keras, allow=frozenset()) -> list[str]:
    """Problems with a model config (``model.to_json()``, parsed) before anything in it is rebuilt."""
    name = config.get("class_name") if isinstance(config, dict) else None
    if isinstance(name, str) and reference(keras, "layer", name):
        return ["build_model() must return a keras Model (keras.Sequential or keras.Model), not a single layer"]
    walk = Walk(keras, allow)
    walk.obj(config, Obj(("model",)), "the model")
    if walk.numbers > MAX_NUMBERS:
        walk.refuse(f"your model's config holds {walk.numbers:,} literal numbers; at most {MAX_NUMBERS} are "
                    f"accepted{LITERAL}")
    return walk.problems


def without_compile_configs(config):
    """``config`` without the compile settings Keras writes into models: the trainer compiles the
    model from the compile settings it checked, never from those."""
    if isinstance(config, dict):
        return {k: without_compile_configs(v) for k, v in config.items() if k != "compile_config"}
    if isinstance(config, list):
        return [without_compile_configs(v) for v in config]
    return config
