"""Structure facts measured on a rebuilt model's graph (trusted helpers only): which layers every
input-to-output path passes through, the narrowest code between inputs and outputs, parameters.

The graph is one of tensors: each layer call joins its input tensors to its output tensors, nested
models are opened up (their inputs and outputs are the calling node's), so a branch that bypasses a
layer counts as a path around it. The code width is a minimum vertex cut over the internal tensors,
each weighted by its width (values per example; an axis of any length makes it unbounded), found
with a max flow; a layer "counts" on a path when it could be what the lesson teaches: it trains,
a recurrent layer reads more than one time step, a dropout layer drops something. Masks (from
``Embedding(mask_zero=True)`` or ``Masking``) travel beside the data: a call that receives one is
``masked``, and the operations that compute them are not layers of the model.
"""

from __future__ import annotations

import math
from collections import deque

from tutor.training.protocol import (
    AUGMENTATION,
    CONVOLUTION,
    DROPOUT,
    PRETRAINED,
    RECURRENT,
    LayerFacts,
    ModelFacts,
    width,
)

CELL_KINDS = {"LSTMCell": "LSTM", "GRUCell": "GRU", "SimpleRNNCell": "SimpleRNN"}
CONVOLUTIONS = {f"{kind}{n}D{suffix}" for kind in ("Conv", "SeparableConv", "DepthwiseConv") for n in (1, 2, 3)
                for suffix in ("", "Transpose")} | {"ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"}
DROPOUT_CLASSES = ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout",
                   "AlphaDropout")
UNBOUNDED = float("inf")


def _kinds(keras, layer, pretrained: frozenset = frozenset()) -> list[str]:
    """``layer``'s class, the classes it wraps (Bidirectional, TimeDistributed, RNN cells), and the
    umbrella kinds "convolution", "recurrent", "dropout", "augmentation" and "pretrained" (a layer
    of a base the trainer provided: ``pretrained`` holds their ids)."""
    kinds = [type(layer).__name__]
    inner = [getattr(layer, "forward_layer", None)] if isinstance(layer, keras.layers.Bidirectional) else []
    if isinstance(layer, keras.layers.TimeDistributed):
        inner.append(layer.layer)
    for wrapped in filter(None, inner):
        kinds += _kinds(keras, wrapped)
    if kinds[0].startswith("Random"):
        kinds.append(AUGMENTATION)
    if id(layer) in pretrained:
        kinds.append(PRETRAINED)
    if isinstance(layer, keras.layers.RNN):
        cells = getattr(layer.cell, "cells", None) or [layer.cell]
        kinds += [CELL_KINDS.get(type(cell).__name__, type(cell).__name__) for cell in cells]
        kinds.append(RECURRENT)
    if kinds[0] in CONVOLUTIONS:
        kinds.append(CONVOLUTION)
    if kinds[0] in DROPOUT_CLASSES:
        kinds.append(DROPOUT)
    return list(dict.fromkeys(kinds))


def _recurrent(keras, layer):
    """The RNN inside ``layer`` (itself, or what a Bidirectional or TimeDistributed wraps), or None."""
    while layer is not None:
        if isinstance(layer, keras.layers.RNN):
            return layer
        layer = getattr(layer, "forward_layer", None) or getattr(layer, "layer", None)
    return None


def _l2(layer) -> float:
    regularizer = getattr(layer, "kernel_regularizer", None)
    value = getattr(regularizer, "l2", 0.0) if regularizer is not None else 0.0
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


class _Graph:
    """Tensors (vertices) and layer calls (hyperedges from input to output tensors), nested models opened."""

    def __init__(self, keras, model):
        self.keras = keras
        self.calls: list[dict] = []  # {"layer", "inputs": [vertex], "outputs": [vertex], "shapes"}
        self.shapes: dict[tuple, tuple] = {}
        graph = self._graph(model)
        self.inputs = [self._vertex((), t) for t in graph.inputs]
        self.outputs = [self._vertex((), t) for t in graph.outputs]
        self._alias: dict[tuple, tuple] = {}
        self._add(graph, ())
        self.inputs = [self._resolve(v) for v in self.inputs]
        self.outputs = [self._resolve(v) for v in self.outputs]
        for call in self.calls:
            call["inputs"] = [self._resolve(v) for v in call["inputs"]]
            call["outputs"] = [self._resolve(v) for v in call["outputs"]]

    @staticmethod
    def _graph(model):
        return getattr(model, "_functional", None) or model  # a Sequential keeps its graph there

    def _vertex(self, prefix: tuple, tensor) -> tuple:
        vertex = (prefix, id(tensor))
        self.shapes.setdefault(vertex, tuple(tensor.shape[1:]))
        return vertex

    def _resolve(self, vertex: tuple) -> tuple:
        while vertex in self._alias:
            vertex = self._alias[vertex]
        return vertex

    def _nodes(self, graph) -> list:
        by_depth = getattr(graph, "_nodes_by_depth", None)
        if by_depth is None:
            raise ValueError(f"the graph of {type(graph).__name__} cannot be read")
        return [node for depth in sorted(by_depth, reverse=True) for node in by_depth[depth]]

    def _add(self, graph, prefix: tuple) -> None:
        for node in self._nodes(graph):
            operation = node.operation
            if isinstance(operation, self.keras.layers.InputLayer):
                continue
            if not isinstance(operation, self.keras.layers.Layer):
                continue  # an operation that computes a mask (NotEqual, Any): not a layer of the model
            masked = any(str(t.dtype) == "bool" for t in node.input_tensors)
            ins = [self._vertex(prefix, t) for t in node.input_tensors if str(t.dtype) != "bool"]
            outs = [self._vertex(prefix, t) for t in node.output_tensors]
            if isinstance(operation, self.keras.Model):
                inner = self._graph(operation)
                inner_prefix = prefix + (id(node),)
                for outer, tensor in zip(ins, inner.inputs):
                    self._alias[self._vertex(inner_prefix, tensor)] = outer
                for outer, tensor in zip(outs, inner.outputs):
                    self._alias[outer] = self._vertex(inner_prefix, tensor)
                self._add(inner, inner_prefix)
                continue
            self.calls.append({"layer": operation, "inputs": ins, "outputs": outs, "masked": masked})


def _qualifies(keras, call: dict, shapes: dict) -> bool:
    """Whether this call could be what a lesson teaches: it trains, reads a sequence, drops something."""
    layer = call["layer"]
    if layer.weights and not (layer.trainable and layer.trainable_weights):
        return False  # frozen: it learns nothing here
    recurrent = _recurrent(keras, layer)
    if recurrent is not None:
        shape: tuple = shapes[call["inputs"][0]] if call["inputs"] else ()
        return len(shape) >= 2 and (shape[0] is None or shape[0] > 1)
    if type(layer).__name__ in DROPOUT_CLASSES:
        return float(getattr(layer, "rate", 0.0) or 0.0) > 0.0
    return True


def _order(graph: _Graph) -> list[dict]:
    """Layer calls in an order where each comes after the calls that make its inputs."""
    made = {v: i for i, call in enumerate(graph.calls) for v in call["outputs"]}
    done, order = set(), []

    def visit(i: int) -> None:
        stack = [(i, False)]
        while stack:
            index, expanded = stack.pop()
            if index in done:
                continue
            if expanded:
                done.add(index)
                order.append(graph.calls[index])
                continue
            stack.append((index, True))
            stack += [(made[v], False) for v in graph.calls[index]["inputs"] if v in made and made[v] not in done]

    for i in range(len(graph.calls)):
        visit(i)
    return order


def _depths(keras, graph: _Graph, order: list[dict], kinds: dict[int, list[str]]) -> tuple[dict[str, int], dict]:
    """For each kind, the fewest qualifying calls of that kind on any input-to-output path; and per
    kind and tensor, the fewest on any path from an input to that tensor."""
    every = sorted({kind for call_kinds in kinds.values() for kind in call_kinds})
    best: dict[str, dict[tuple, float]] = {kind: {v: 0 for v in graph.inputs} for kind in every}
    for call in order:
        qualifies = _qualifies(keras, call, graph.shapes)
        for kind in every:
            reached = [best[kind][v] for v in call["inputs"] if v in best[kind]]
            if not reached:
                continue
            count = min(reached) + (1 if qualifies and kind in kinds[id(call)] else 0)
            for v in call["outputs"]:
                best[kind][v] = min(best[kind].get(v, UNBOUNDED), count)
    return {kind: int(min((best[kind].get(v, 0) for v in graph.outputs), default=0)) for kind in every}, best


def _after(call: dict, best: dict) -> tuple[str, ...]:
    """The kinds every path from an input to ``call`` passes through before it."""
    return tuple(sorted(kind for kind, reached in best.items()
                        if call["inputs"] and min(reached.get(v, 0) for v in call["inputs"]) >= 1))


def _residual(graph: _Graph, call: dict) -> bool:
    """An Add of a tensor and another computed from it: a skip connection around what lies between."""
    if type(call["layer"]).__name__ != "Add" or len(set(call["inputs"])) < 2:
        return False
    made = {v: c for c in graph.calls for v in c["outputs"]}

    def ancestors(vertex) -> set:
        seen, stack = set(), [vertex]
        while stack:
            producer = made.get(stack.pop())
            for v in producer["inputs"] if producer else ():
                if v not in seen:
                    seen.add(v)
                    stack.append(v)
        return seen

    inputs = set(call["inputs"])
    return any(inputs & ancestors(v) for v in inputs)


def _on_every_path(graph: _Graph, skip: dict) -> bool:
    """Whether removing the call ``skip`` leaves no path from an input to an output."""
    reached, queue = set(graph.inputs), deque(graph.inputs)
    users: dict[tuple, list[dict]] = {}
    for call in graph.calls:
        for v in call["inputs"]:
            users.setdefault(v, []).append(call)
    while queue:
        vertex = queue.popleft()
        for call in users.get(vertex, []):
            if call is skip:
                continue
            for out in call["outputs"]:
                if out not in reached:
                    reached.add(out)
                    queue.append(out)
    return not any(v in reached for v in graph.outputs)


def _code(graph: _Graph) -> tuple[int | None, list[tuple], bool]:
    """The minimum vertex cut between inputs and outputs over internal tensors, weighted by width:
    (its width or None, the cut's tensors, whether some input reaches an output with nothing between)."""
    ends = set(graph.inputs) | set(graph.outputs)
    Node = tuple | str  # ("in" or "out", tensor), or "source" and "sink"
    capacity: dict[Node, dict[Node, float]] = {}

    def edge(a, b, cap) -> None:
        capacity.setdefault(a, {})
        capacity[a][b] = capacity[a].get(b, 0.0) + cap
        capacity.setdefault(b, {}).setdefault(a, 0.0)

    vertices = {v for call in graph.calls for v in call["inputs"] + call["outputs"]} | ends
    finite = [w for v in vertices if v not in ends and (w := width(graph.shapes[v])) is not None]
    big = float(sum(finite) + 1) * 4  # more than any cut of finite tensors
    for v in vertices:
        w = width(graph.shapes[v]) if v not in ends else None
        edge(("in", v), ("out", v), big if w is None else float(w))
    for call in graph.calls:
        for a in call["inputs"]:
            for b in call["outputs"]:
                edge(("out", a), ("in", b), big)
    for v in graph.inputs:
        edge("source", ("in", v), big)
    for v in graph.outputs:
        edge(("out", v), "sink", big)
    flow = 0.0
    while True:  # Edmonds-Karp: a few hundred vertices at most
        parent: dict[Node, Node | None] = {"source": None}
        queue: deque[Node] = deque(["source"])
        while queue and "sink" not in parent:
            a = queue.popleft()
            for b, cap in capacity[a].items():
                if cap > 1e-9 and b not in parent:
                    parent[b] = a
                    queue.append(b)
        if "sink" not in parent:
            break
        path: list[tuple[Node, Node]] = []
        step: Node = "sink"
        while (before := parent[step]) is not None:
            path.append((before, step))
            step = before
        push = min(capacity[a][b] for a, b in path)
        for a, b in path:
            capacity[a][b] -= push
            capacity[b][a] += push
        flow += push
        if flow >= big:
            break
    direct = any(v in graph.outputs for call in graph.calls for v in call["outputs"]
                 if any(i in graph.inputs for i in call["inputs"])) or bool(set(graph.inputs) & set(graph.outputs))
    if flow >= big:
        return None, [], direct
    cut = [v for v in vertices if ("in", v) in parent and ("out", v) not in parent]
    return round(flow), cut, direct


def measure(keras, model, pretrained=()) -> ModelFacts:
    """The structure facts of a rebuilt, built ``model``; ``pretrained``: the layers of a base the
    trainer provided."""
    graph = _Graph(keras, model)
    order = _order(graph)
    provided = frozenset(map(id, pretrained))
    kinds = {id(call): _kinds(keras, call["layer"], provided) for call in graph.calls}
    depths, best = _depths(keras, graph, order, kinds)
    code_width, cut, bypassed = _code(graph)
    made_by = {v: call["layer"].name for call in graph.calls for v in call["outputs"]}
    layers = []
    for call in order:
        layer = call["layer"]
        recurrent = _recurrent(keras, layer)
        steps = 0
        if recurrent is not None and call["inputs"]:
            shape = graph.shapes[call["inputs"][0]]
            steps = shape[0] if len(shape) >= 2 else 1
        rate = float(getattr(layer, "rate", 0.0) or 0.0) if type(layer).__name__ in DROPOUT_CLASSES else \
            float(getattr(recurrent, "dropout", 0.0) or 0.0) if recurrent is not None else 0.0
        layers.append(LayerFacts(
            name=layer.name, kinds=tuple(kinds[id(call)]), params=int(layer.count_params()),
            trainable=bool(layer.trainable), every_path=_on_every_path(graph, call),
            output_shape=graph.shapes[call["outputs"][0]] if call["outputs"] else (),
            steps=steps, returns_sequences=bool(getattr(recurrent, "return_sequences", False)),
            rate=rate, l2=_l2(recurrent if recurrent is not None else layer), after=_after(call, best),
            masked=call["masked"], residual=_residual(graph, call)))
    trainable = sum(math.prod(int(d) for d in w.shape) for w in model.trainable_weights)
    return ModelFacts(
        params=int(model.count_params()), trainable_params=trainable,
        input_shape=graph.shapes[graph.inputs[0]] if len(graph.inputs) == 1 else (),
        output_shape=graph.shapes[graph.outputs[0]] if len(graph.outputs) == 1 else (),
        code_width=code_width, code_layers=tuple(sorted({made_by.get(v, "input") for v in cut})),
        code_bypassed=bypassed, depths=tuple(sorted(depths.items())), layers=tuple(layers))
