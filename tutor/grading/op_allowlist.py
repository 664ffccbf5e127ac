"""The operations a learner's traced TensorFlow graph may use, and the check of a GraphDef against them.

Standard library only: the graph worker loads this file as source beside ``graph_harness.py``,
and the tests check GraphDefs built in their own process. Anything not listed is refused, so a
new TensorFlow op is refused until someone decides it is plain math. Functional control flow is
allowed because every body it calls (a function of ``graph_def.library``) is checked the same
way; version-1 control flow (Switch, Merge, Enter…) is not listed, since the tracer never emits
it and ``tf.gradients`` cannot follow it once imported without its Python context.
"""

MATH = frozenset("""
    Abs Acos Acosh Add AddN AddV2 Angle ApproximateEqual Asin Asinh Atan Atan2 Atanh BiasAdd
    Ceil ClipByValue ComplexAbs Conj Cos Cosh Digamma Div DivNoNan Erf Erfc Erfinv Exp Expm1
    Floor FloorDiv FloorMod Imag Inv IsFinite IsInf IsNan Lgamma Log Log1p Maximum Minimum Mod
    Mul MulNoNan Neg Pow Real RealDiv Reciprocal Rint Round Rsqrt Sigmoid Sign Sin Sinh Softplus
    Softsign Sqrt Square SquaredDifference Sub Tan Tanh TruncateDiv TruncateMod Xdivy Xlog1py
    Xlogy
    Equal NotEqual Greater GreaterEqual Less LessEqual LogicalAnd LogicalNot LogicalOr
    All Any ArgMax ArgMin Cumprod Cumsum CumulativeLogsumexp EuclideanNorm Max Mean Min Prod Sum
    BatchMatMul BatchMatMulV2 BatchMatMulV3 Cholesky Einsum MatMul MatrixBandPart
    MatrixDeterminant MatrixDiagPartV3 MatrixDiagV3 MatrixInverse MatrixSetDiagV3
""".split())

ARRAY = frozenset("""
    Const Identity IdentityN NoOp Placeholder
    BroadcastArgs BroadcastGradientArgs BroadcastTo Cast Concat ConcatV2 Diag DiagPart
    EnsureShape ExpandDims Fill Gather GatherNd GatherV2 InvertPermutation LinSpace MirrorPad
    OneHot OnesLike Pack Pad PadV2 PreventGradient Range Rank Reshape Reverse ReverseV2 Roll
    ScatterNd Select SelectV2 Shape ShapeN Size Slice Snapshot Split SplitV Squeeze StopGradient
    StridedSlice TensorScatterAdd TensorScatterUpdate Tile TopKV2 Transpose Unpack Where
    ZerosLike
    EmptyTensorList TensorListElementShape TensorListFromTensor TensorListGetItem
    TensorListLength TensorListPopBack TensorListPushBack TensorListReserve TensorListSetItem
    TensorListStack
""".split())

NN = frozenset("""
    AvgPool AvgPool3D Conv2D Conv2DBackpropInput Conv3D DepthwiseConv2dNative Elu
    FusedBatchNormV3 L2Loss LeakyRelu LogSoftmax MaxPool MaxPool3D MaxPoolV2 Relu Relu6 Selu
    Softmax SoftmaxCrossEntropyWithLogits SparseSoftmaxCrossEntropyWithLogits
""".split())

# Each calls functions named in its attributes; those functions are checked node by node.
CONTROL_FLOW = frozenset("""
    Case If PartitionedCall StatefulPartitionedCall StatelessCase StatelessIf StatelessWhile While
""".split())

ALLOWED_OPS = MATH | ARRAY | NN | CONTROL_FLOW

# DataType enum values (tensorflow/core/framework/types.proto): numbers, booleans, and the
# variant that holds a TensorList. Strings and resources (variables, files, queues) are refused.
ALLOWED_DTYPES = frozenset({1, 2, 3, 4, 5, 6, 8, 9, 10, 14, 17, 18, 19, 21, 22, 23})
DTYPE_NAMES = {7: "string", 20: "resource"}

# Private attributes (a leading underscore) are hints TensorFlow adds while tracing; these few are
# kept, every other is dropped before import. ``_gradient_op_type`` is refused: it names a
# gradient written in Python (tf.custom_gradient), and the grader differentiates the ops themselves.
KEPT_PRIVATE_ATTRS = frozenset({"_lower_using_switch_merge", "_num_original_outputs",
                                "_read_only_resource_inputs"})
# Call settings a node may carry (a serialized ConfigProto, another executor): dropped, so that
# TensorFlow's defaults run every call.
DROPPED_ATTRS = frozenset({"config", "config_proto", "executor_type"})
CUSTOM_GRADIENT_ATTR = "_gradient_op_type"

# How a learner wrote the refused ops they are likeliest to meet, for the message.
PYTHON_NAMES = {
    "EagerPyFunc": "tf.py_function", "PyFunc": "tf.numpy_function", "PyFuncStateless": "tf.numpy_function",
    "ReadFile": "tf.io.read_file", "WriteFile": "tf.io.write_file", "PrintV2": "tf.print",
    "Print": "tf.print", "Assert": "tf.debugging.assert_…", "StringFormat": "tf.print or tf.strings.format",
    "RandomStandardNormal": "tf.random.normal", "RandomUniform": "tf.random.uniform",
    "ReadVariableOp": "a tf.Variable", "VarHandleOp": "a tf.Variable", "AssignVariableOp": "Variable.assign",
    "Switch": "version-1 control flow", "Merge": "version-1 control flow",
}

MAX_NODES = 50_000
MAX_FUNCTIONS = 1_000
MAX_NAMES = 64


class RefusedGraph(Exception):
    """The graph uses something the graph worker does not run; the message says what, in plain words."""


def _op_words(op: str) -> str:
    known = PYTHON_NAMES.get(op)
    return f"the operation {op} ({known})" if known else f"the operation {op}"


def _where(function: str | None) -> str:
    return f" inside {function} (a loop, branch or function body)" if function else ""


def _called(node) -> list[str]:
    """The names of the functions a node's attributes refer to (loop and branch bodies, calls)."""
    names = []
    for value in node.attr.values():
        if value.HasField("func"):
            names.append(value.func.name)
        names.extend(f.name for f in value.list.func)
    return names


def _types(node) -> list[int]:
    types = []
    for value in node.attr.values():
        kind = value.WhichOneof("value")
        if kind == "type":
            types.append(value.type)
        elif kind == "tensor":
            types.append(value.tensor.dtype)
        elif kind == "list":
            types.extend(value.list.type)
    return types


def check_op(node, functions, function: str | None = None) -> None:
    """Refuse ``node`` unless its op is allowed (or is a call of a function in ``functions``)."""
    if node.op not in ALLOWED_OPS and node.op not in functions:
        raise RefusedGraph(f"uses {_op_words(node.op)}{_where(function)}, which the grader does not run")


def check_node(node, functions, function: str | None = None) -> None:
    """Refuse ``node`` unless its op, the functions it calls and its dtypes are allowed."""
    check_op(node, functions, function)
    if CUSTOM_GRADIENT_ATTR in node.attr:
        raise RefusedGraph(f"uses tf.custom_gradient{_where(function)}: the grader takes the gradients of the "
                           "TensorFlow operations themselves, so leave the gradient to them")
    for name in _called(node):
        if name not in functions:
            raise RefusedGraph(f"calls a function {name!r}{_where(function)} that the graph does not define")
    for dtype in _types(node):
        if dtype not in ALLOWED_DTYPES:
            kind = DTYPE_NAMES.get(dtype, f"type number {dtype}")
            raise RefusedGraph(f"uses a {kind} tensor ({node.op} {node.name!r}{_where(function)}): "
                               "only numbers and booleans may flow through it")


def _all_nodes(graph_def, functions):
    """Every node with the function it belongs to (None at the top level)."""
    for node in graph_def.node:
        yield node, None
    for name, function in functions.items():
        for node in function.node_def:
            yield node, name


def check_graph(graph_def, inputs=(), outputs=()) -> None:
    """Refuse ``graph_def`` unless every node, and every node of every library function, is allowed,
    ``inputs`` name exactly its placeholders and ``outputs`` name tensors of its nodes."""
    library = graph_def.library
    functions = {f.signature.name: f for f in library.function}
    size = len(graph_def.node) + sum(len(f.node_def) for f in functions.values())
    if size > MAX_NODES or len(functions) > MAX_FUNCTIONS:
        raise RefusedGraph(f"has more than {MAX_NODES} operations or {MAX_FUNCTIONS} functions")
    if len(library.gradient) or len(getattr(library, "registered_gradients", ())):
        raise RefusedGraph("replaces the gradient of a function: the grader takes the gradients of the "
                           "TensorFlow operations themselves")
    # Ops first, everywhere: a refused op is the clearest thing to tell (a string constant is
    # only there for the ReadFile that reads it).
    for node, function in _all_nodes(graph_def, functions):
        check_op(node, functions, function)
    for node, function in _all_nodes(graph_def, functions):
        check_node(node, functions, function)
    _check_endpoints(graph_def, list(inputs), list(outputs))


def _tensor(name) -> tuple[str, int]:
    if type(name) is not str or len(name) > 200 or name.count(":") != 1:
        raise RefusedGraph(f"names a tensor {str(name)[:80]!r} that is not of the form 'node:index'")
    node, _, index = name.partition(":")
    if not index.isdigit():
        raise RefusedGraph(f"names a tensor {name!r} that is not of the form 'node:index'")
    return node, int(index)


def _check_endpoints(graph_def, inputs: list, outputs: list) -> None:
    if len(inputs) > MAX_NAMES or not 0 < len(outputs) <= MAX_NAMES:
        raise RefusedGraph("does not have a usable list of inputs and outputs")
    ops = {node.name: node.op for node in graph_def.node}
    placeholders = {name for name, op in ops.items() if op == "Placeholder"}
    fed = [_tensor(name) for name in inputs]
    if sorted(node for node, _ in fed) != sorted(placeholders) or any(index != 0 for _, index in fed):
        raise RefusedGraph("has inputs (placeholders) other than the arguments it was traced with")
    for name in outputs:
        node, _ = _tensor(name)
        if node not in ops:
            raise RefusedGraph(f"names an output {name!r} that is none of its operations")


def prepared(graph_def) -> None:
    """Strip what import need not see: device placements, call settings, private attributes not kept."""
    nodes = list(graph_def.node)
    for function in graph_def.library.function:
        nodes.extend(function.node_def)
    for node in nodes:
        node.device = ""
        dropped = DROPPED_ATTRS if node.op in CONTROL_FLOW else ()
        for key in [k for k in node.attr if (k.startswith("_") and k not in KEPT_PRIVATE_ATTRS) or k in dropped]:
            del node.attr[key]
