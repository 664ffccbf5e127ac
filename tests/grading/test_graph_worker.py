"""The graph worker's side of function exercises: the op allowlist on GraphDefs built here, tracing
as the learner's sandbox does it, running a graph and taking its gradients as the graph worker does
(all fast, in this process); then a few real gradings of hostile learner code (slow).

The slow tests grade through the CLI, so each starts the learner's sandbox, the reference worker
and the graph worker: three TensorFlow imports. One course exercise carries many attacks, one per
check, to pay for that once.
"""

from __future__ import annotations

import json
import linecache
import shutil
import sys
import textwrap
import types
from pathlib import Path

import numpy as np
import pytest

from tests.support import REPO, TESTS, Cli

pytestmark = pytest.mark.tensorflow

S = (3, 4)


def learner_module(name: str, source: str, filename: str = "keras/learner.py"):
    """Load ``source`` the way the sandbox loads a learner's file: a module named ``name`` whose code
    and traceback lines come from ``filename``."""
    source = textwrap.dedent(source)
    module = types.ModuleType(name)
    module.__file__ = filename
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    sys.modules[name] = module
    exec(compile(source, filename, "exec"), module.__dict__)
    return module


def traced(tf, fn, *shapes, dtype="float64", lower=False):
    """The GraphDef of ``fn`` traced for float64 inputs of ``shapes``, as tf_trace freezes it."""
    from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

    specs = [tf.TensorSpec(shape, getattr(tf, dtype)) for shape in shapes]
    concrete = tf.function(fn, autograph=False).get_concrete_function(*specs)
    frozen = convert_variables_to_constants_v2(concrete, lower_control_flow=lower)
    return frozen.graph.as_graph_def(), [t.name for t in frozen.inputs], [t.name for t in frozen.outputs]


def refusal(graph_def, inputs=(), outputs=None) -> str:
    from tutor.grading.op_allowlist import RefusedGraph, check_graph

    outputs = outputs if outputs is not None else [graph_def.node[-1].name + ":0"]
    with pytest.raises(RefusedGraph) as refused:
        check_graph(graph_def, inputs, outputs)
    return str(refused.value)


# ---------------------------------------------------------------- the op allowlist


def test_the_references_and_a_variant_trace_to_allowed_graphs(tf, keras):
    from tutor.grading import tf_trace
    from tutor.grading.op_allowlist import check_graph

    specs = [[[3, 4], "float64"], [[4, 2], "float64"], [[2], "float64"]]
    learner_module("_gw_neuron", (REPO / "solutions/tf_neuron.py").read_text())
    answer = tf_trace.trace_function("_gw_neuron", "tf_neuron", specs)
    graph_def = tf.compat.v1.GraphDef.FromString(answer["graph"].tobytes())
    check_graph(graph_def, answer["inputs"], answer["outputs"])
    assert answer["inputs"] == ["x:0", "w:0", "b:0"] and answer["tuple"] is False

    layer_specs = [[[2, 3], "float64"], [[2, 5, 4], "float64"], [[2, 5], "bool"]]
    weights = [np.ones((3, 2)), np.ones((4, 2)), np.ones((2, 1))]
    for name, path in [("_gw_attention", "solutions/additive_attention.py"),
                       ("_gw_attention_variant", "solutions/variants/additive_attention_variant.py")]:
        learner_module(name, (REPO / path).read_text())
        answer = tf_trace.trace_layer(name, "AdditiveAttention", {"units": 2, "dtype": "float64"},
                                      layer_specs, weights)
        graph_def = tf.compat.v1.GraphDef.FromString(answer["graph"].tobytes())
        check_graph(graph_def, answer["inputs"], answer["outputs"])
        assert answer["tuple"] is True and len(answer["outputs"]) == 2


def test_loop_and_branch_bodies_are_library_functions_that_are_checked_too(tf):
    from tutor.grading.op_allowlist import check_graph

    def honest(x):
        doubled = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 2.0), (0, x))[1]
        return tf.cond(tf.reduce_sum(x) > 0, lambda: tf.sigmoid(doubled), lambda: tf.tanh(doubled))

    graph_def, inputs, outputs = traced(tf, honest, S)
    assert len(graph_def.library.function) == 4  # cond, body, and both branches
    check_graph(graph_def, inputs, outputs)

    def hidden(x):  # the forbidden op only inside the loop body
        def body(i, a):
            return i + 1, tf.ensure_shape(tf.py_function(lambda v: v * 2.0, [a], tf.float64), S)

        return tf.while_loop(lambda i, a: i < 3, body, (0, x))[1]

    graph_def, inputs, outputs = traced(tf, hidden, S)
    assert "EagerPyFunc" not in {node.op for node in graph_def.node}
    message = refusal(graph_def, inputs, outputs)
    assert "uses the operation EagerPyFunc (tf.py_function) inside " in message and "body" in message


@pytest.mark.parametrize("kind, words", [
    ("py_function", "uses the operation EagerPyFunc (tf.py_function), which the grader does not run"),
    ("numpy_function", "uses the operation PyFunc (tf.numpy_function)"),
    ("read_file", "uses the operation ReadFile (tf.io.read_file)"),
    ("print", "(tf.print"),
    ("random", "uses the operation RandomStandardNormal (tf.random.normal)"),
    ("custom_gradient", "uses tf.custom_gradient"),
    ("v1_control_flow", "uses the operation Switch (version-1 control flow)"),
])
def test_a_graph_with_a_forbidden_op_is_refused_naming_it(tf, kind, words):
    @tf.custom_gradient
    def lying(x):
        return tf.sigmoid(x), lambda dy: dy * 100.0

    functions = {
        "py_function": lambda x: tf.py_function(lambda v: np.exp(v.numpy()), [x], tf.float64),
        "numpy_function": lambda x: tf.numpy_function(np.exp, [x], tf.float64),
        "read_file": lambda x: x + tf.strings.to_number(tf.io.read_file("/etc/hostname"), tf.float64),
        "print": lambda x: (tf.print(x), tf.sigmoid(x))[1],
        "random": lambda x: x + tf.random.normal(S, dtype=tf.float64),
        "custom_gradient": lying,
        "v1_control_flow": lambda x: tf.cond(tf.reduce_sum(x) > 0, lambda: x * 2.0, lambda: x * 3.0),
    }
    graph_def, inputs, outputs = traced(tf, functions[kind], S, lower=kind == "v1_control_flow")
    assert words in refusal(graph_def, inputs, outputs)


def test_inputs_outputs_calls_and_dtypes_must_be_what_they_claim(tf):
    graph_def, inputs, outputs = traced(tf, lambda x, w: tf.matmul(x, w), S, (4, 2))
    assert "has inputs (placeholders) other than the arguments" in refusal(graph_def, inputs[:1], outputs)
    assert "names an output 'nowhere:0'" in refusal(graph_def, inputs, ["nowhere:0"])
    assert "not of the form 'node:index'" in refusal(graph_def, inputs, ["MatMul"])

    calls = tf.compat.v1.GraphDef()
    calls.CopyFrom(graph_def)
    calls.node[-1].attr["f"].func.name = "__elsewhere"
    assert "calls a function '__elsewhere'" in refusal(calls, inputs, outputs)

    strings = tf.compat.v1.GraphDef()
    strings.CopyFrom(graph_def)
    strings.node[0].attr["dtype"].type = 7  # DT_STRING
    assert "uses a string tensor (Placeholder" in refusal(strings, inputs, outputs)

    gradient = tf.compat.v1.GraphDef()
    gradient.CopyFrom(graph_def)
    gradient.library.gradient.add(function_name="f", gradient_func="g")
    assert "replaces the gradient of a function" in refusal(gradient, inputs, outputs)


# ---------------------------------------------------------------- tracing in the learner's sandbox


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # numpy's, about TensorFlow's __array__
def test_a_numpy_step_cannot_be_traced_and_the_learners_line_is_named(tf):
    from tutor.grading import tf_trace

    learner_module("_gw_numpy_step", """\
        import numpy as np
        import tensorflow as tf


        def tf_neuron(x, w, b):
            z = np.dot(x, w) + b
            return tf.sigmoid(z)
        """, filename="keras/tf_neuron.py")
    specs = [[[3, 4], "float64"], [[4, 2], "float64"], [[2], "float64"]]
    where = tf_trace.trace_function("_gw_numpy_step", "tf_neuron", specs)["untraceable"]
    assert where["file"] == "tf_neuron.py" and where["line"] == 6 and where["code"] == "z = np.dot(x, w) + b"
    assert where["exception"] == "NotImplementedError" and "symbolic tf.Tensor" in where["message"]

    learner_module("_gw_starter", (REPO / "exercises/tf_neuron/starter.py").read_text())
    with pytest.raises(NotImplementedError):  # the starter's own raise: "not implemented yet", not a trace
        tf_trace.trace_function("_gw_starter", "tf_neuron", specs)


def test_a_layer_is_built_from_shapes_and_its_weights_are_frozen_into_the_graph(tf, keras):
    from tutor.grading import tf_trace

    learner_module("_gw_layer", (REPO / "solutions/additive_attention.py").read_text())
    specs = [[[1, 3], "float64"], [[1, 4, 2], "float64"]]
    with pytest.raises(ValueError, match=r"has weights of shapes \[\(3, 2\), \(2, 2\), \(2, 1\)\], expected"):
        tf_trace.trace_layer("_gw_layer", "AdditiveAttention", {"units": 2, "dtype": "float64"}, specs,
                             [np.ones((2, 2)), np.ones((3, 2)), np.ones((2, 1))])
    answer = tf_trace.trace_layer("_gw_layer", "AdditiveAttention", {"units": 2, "dtype": "float64"}, specs,
                                  [np.ones((3, 2)), np.ones((2, 2)), np.ones((2, 1))])
    ops = {node.op for node in tf.compat.v1.GraphDef.FromString(answer["graph"].tobytes()).node}
    assert "Const" in ops and not ops & {"ReadVariableOp", "VarHandleOp"}


# ---------------------------------------------------------------- running a graph in the graph worker


def test_the_graph_worker_takes_the_same_gradients_as_gradient_tape(tf):
    from tutor.grading import graph_harness

    rng = np.random.default_rng(5)
    x, w, b, upstream = rng.normal(size=S), rng.normal(size=(4, 2)), rng.normal(size=2), rng.normal(size=(3, 2))

    def neuron(x, w, b):  # a loop in it, so a library function is differentiated too
        z = tf.while_loop(lambda i, a: i < 2, lambda i, a: (i + 1, a + 0.5 * b), (0, tf.matmul(x, w)))[1]
        return tf.sigmoid(z)

    graph_def, inputs, outputs = traced(tf, neuron, S, (4, 2), (2,))
    blob = np.frombuffer(graph_def.SerializeToString(), dtype=np.uint8)
    answer = graph_harness.run_graph(blob, inputs, outputs, [x, w, b], [0, 1, 2], upstream)
    watched = [tf.Variable(v) for v in (x, w, b)]
    with tf.GradientTape() as tape:
        out = neuron(*watched)
        loss = tf.reduce_sum(out * upstream)
    np.testing.assert_allclose(answer["outputs"][0], out.numpy(), rtol=1e-12)
    for got, want in zip(answer["gradients"], tape.gradient(loss, watched)):
        np.testing.assert_allclose(got, want.numpy(), rtol=1e-12)

    graph_def, inputs, outputs = traced(tf, lambda x, w, b: tf.sigmoid(tf.matmul(x, tf.stop_gradient(w)) + b),
                                        S, (4, 2), (2,))
    blob = np.frombuffer(graph_def.SerializeToString(), dtype=np.uint8)
    answer = graph_harness.run_graph(blob, inputs, outputs, [x, w, b], [0, 1, 2], upstream)
    assert answer["gradients"][1] is None and answer["gradients"][0] is not None
    wrong_shape = graph_harness.run_graph(blob, inputs, outputs, [x, w, b], [0, 1, 2], np.ones((3, 3)))
    assert wrong_shape["gradients"] is None  # the grader reports the output's shape instead


def test_garbage_is_not_a_graph(tf):
    from tutor.grading import graph_harness

    with pytest.raises(graph_harness.RefusedGraph, match="not a valid GraphDef"):
        graph_harness.run_graph(np.frombuffer(b"\xff" * 64, dtype=np.uint8), [], ["x:0"], [])
    with pytest.raises(graph_harness.RefusedGraph, match="not a serialized GraphDef"):
        graph_harness.run_graph(np.zeros(4), [], ["x:0"], [])


# ---------------------------------------------------------------- the grader's side (no TensorFlow)


@pytest.mark.parametrize("claim, why", [
    ("not a dict", "did not return a traced graph"),
    ({"graph": np.zeros(8, dtype=np.float32), "inputs": ["x:0"], "outputs": ["y:0"]}, "serialized graph"),
    ({"graph": np.zeros(5 * 1024 * 1024, dtype=np.uint8), "inputs": [], "outputs": ["y:0"]}, "over the"),
    ({"graph": np.zeros(8, dtype=np.uint8), "inputs": "x:0", "outputs": ["y:0"]}, "did not name"),
    ({"graph": np.zeros(8, dtype=np.uint8), "inputs": ["x:0"], "outputs": []}, "did not name"),
    ({"graph": np.zeros(8, dtype=np.uint8), "inputs": ["x" * 300], "outputs": ["y:0"]}, "did not name"),
])
def test_the_grader_checks_what_the_tracer_claims_before_using_it(claim, why):
    from tutor.grading.graph import parse_trace

    parsed = parse_trace(claim)
    assert isinstance(parsed, str) and why in parsed


def test_a_trace_failure_is_read_as_plain_fields_and_the_graph_worker_preloads_tensorflow(real_course):
    from tutor.grading import graph, remote
    from tutor.grading.grader import limits_for

    where = graph.parse_trace({"untraceable": {"line": "6", "code": 7, "exception": "E", "message": "m"}})
    assert where == graph.Untraceable(line=None, code="7", exception="E", message="m")
    exercise = real_course.get("tf_neuron")
    limits = limits_for(exercise)
    graph_limits = graph.worker_limits(exercise, limits)
    assert graph_limits.preload == ("numpy", "tensorflow") and graph_limits.memory_mb == limits.memory_mb
    assert graph_limits.timeout_s == limits.timeout_s
    assert len({limits, graph_limits, remote.worker_limits(exercise, limits)}) == 3  # three warm sandboxes
    assert [s["name"] for s in graph.harness_sources()] == [graph.ALLOWLIST_MODULE, graph.GRAPH_MODULE]
    assert remote.tf_harness_source()["name"] == remote.TRACE_MODULE  # what grader.py gives the learner


# ---------------------------------------------------------------- real gradings (slow)

ATTACKS = TESTS / "grading" / "graph_attacks"


def checks_by_name(report: dict) -> dict:
    return {c["name"]: c for c in report["checks"]}


def learner_path(cli, exercise_id: str):
    """Where the workspace (created by ``list``) keeps the learner's file of ``exercise_id``."""
    code, entries = cli.json("list", "--json")
    assert code == 0
    return next(Path(e["file"]) for e in entries if e["id"] == exercise_id)


@pytest.fixture
def attack_course(tmp_path):
    """One function exercise whose checks each grade one function (or layer) of tests/grading/graph_attacks/learner.py."""
    course = tmp_path / "course"
    folder = course / "exercises" / "tf_attacks"
    folder.mkdir(parents=True)
    (course / "exercises/course.toml").write_text(
        'format_version = 1\nname = "attacks"\ntitle = "attacks"\nversion = "1"\nwelcome = "hi"\n\n'
        '[[chapters]]\nid = "keras"\ntitle = "Keras"\nexercises = ["tf_attacks"]\n')
    (folder / "exercise.toml").write_text(
        'id = "tf_attacks"\ntitle = "attacks"\nsummary = "attacks"\nmode = "function"\ntimeout_s = 120\n'
        'memory_mb = 4096\nhints = ["one", "two"]\n')
    (folder / "lesson.md").write_text("# attacks\n")
    (folder / "starter.py").write_text("import tensorflow as tf\n")
    shutil.copyfile(ATTACKS / "checks.py", folder / "checks.py")
    (course / "solutions").mkdir()
    shutil.copyfile(ATTACKS / "solution.py", course / "solutions/tf_attacks.py")
    return course


@pytest.mark.slow
def test_each_attack_on_the_graph_fails_with_its_own_message_and_honest_code_passes(tmp_path, attack_course):
    cli = Cli(tmp_path / "ws", attack_course)
    learner_path(cli, "tf_attacks").write_text((ATTACKS / "learner.py").read_text())
    result = cli("check", "tf_attacks", "--json", timeout=300)
    report = json.loads(result.stdout)
    checks = checks_by_name(report)
    statuses = {name: c["status"] for name, c in checks.items()}
    attacks = ("py_func", "reads_a_file", "numpy_step", "loop_hides_py_func", "two_faced", "stops_w",
               "TwoFacedAttention")
    assert statuses == {"honest": "passed", "with_a_loop": "passed", "HonestAttention": "passed",
                        **{name: "failed" for name in attacks}}, checks
    assert result.returncode == 1 and report["status"] == "failed"
    message = {name: c["message"] for name, c in checks.items()}
    assert message["py_func"].startswith(
        "the TensorFlow graph traced from py_func() uses the operation EagerPyFunc (tf.py_function), "
        "which the grader does not run")
    assert "uses the operation ReadFile (tf.io.read_file)" in message["reads_a_file"]
    line = (ATTACKS / "learner.py").read_text().splitlines().index("    z = np.dot(x, w) + b") + 1
    assert message["numpy_step"].startswith(
        f"numpy_step() cannot be traced into a TensorFlow graph: line {line} of tf_attacks.py "
        "(`z = np.dot(x, w) + b`) raised NotImplementedError: Cannot convert a symbolic tf.Tensor")
    assert "So no gradient flows from numpy_step()'s output" in message["numpy_step"]
    assert "uses the operation PyFunc (tf.numpy_function) inside " in message["loop_hides_py_func"]
    assert message["two_faced"].startswith("two_faced() as the TensorFlow graph it traces to (run by the grader "
                                           "on inputs your code never saw): values differ")
    assert message["stops_w"].startswith("no gradient flows from stops_w()'s output back to w: compute it with "
                                         "TensorFlow operations")
    assert message["TwoFacedAttention"].startswith("TwoFacedAttention: [0]: values differ")


@pytest.mark.slow
def test_a_layer_mutant_is_still_named_from_the_reference_workers_outputs(real_cli):
    from tutor.course import load_course

    no_tanh = next(m for m in load_course(REPO).get("additive_attention").mutants if m.name == "no_tanh")
    learner_path(real_cli, "additive_attention").write_text(no_tanh.source())
    report = json.loads(real_cli("check", "additive_attention", "--json", timeout=300).stdout)
    assert report["status"] == "failed"
    assert all(c["status"] == "failed" for c in report["checks"])
    assert all("This matches a known mistake: the tanh is missing" in c["message"] for c in report["checks"])
