"""Checks for the optimizers exercise: several consecutive steps of SGD with momentum, RMSprop and
Adam, the learner's own params and state threaded from one step to the next, each step compared
with the reference (which matches keras.optimizers in float64, see tests/)."""

import numpy as np

from tutor.grading.api import check, difference, different, named_mistake, same, sentences

RTOL = 1e-7
DEFAULTS = {
    "sgd": {"learning_rate": 0.01, "momentum": 0.0},
    "rmsprop": {"learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-7},
    "adam": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
}
STATE_FORMAT = {
    "sgd": 'The state is {"velocity": {name: v}} with the Keras velocity v = momentum·v − lr·g '
           '(PyTorch keeps v = momentum·v + g instead: the steps agree, the state does not).',
    "rmsprop": 'The state is {"v": {name: v}} with v = rho·v + (1 − rho)·g².',
    "adam": 'The state is {"t": number of steps taken, "m": {name: m}, "v": {name: v}}.',
}


def problem(rng):
    """Parameters of a small network with D ≠ H ≠ K (K may be 1, so b2 has shape (1,))."""
    d = int(rng.integers(2, 6))
    h = different(rng, 2, 7, d)
    k = different(rng, 1, 5, d, h)
    scale = float(rng.choice([1.0, 0.01]))
    return {"W1": rng.normal(scale=scale, size=(d, h)), "b1": rng.normal(scale=scale, size=h),
            "W2": rng.normal(scale=scale, size=(h, k)), "b2": rng.normal(scale=scale, size=k)}


def gradients(rng, params, scale=None):
    """One gradient per parameter; the scale varies from step to step unless given."""
    scale = float(rng.choice([1e-4, 1e-2, 1.0, 10.0])) if scale is None else scale
    return {name: rng.normal(scale=scale, size=p.shape) for name, p in params.items()}


def describe_kwargs(kwargs):
    return ", ".join(f"{k}={v:g}" for k, v in kwargs.items())


def steps(t, function, params, grad_list, kwargs=None, hint=""):
    """Take len(grad_list) steps. The learner's own params and state go into each next step, the
    reference's into its own; every step is compared (new params and new state)."""
    kwargs = kwargs or {}
    mine = reference = (params, None)
    for k, grads in enumerate(grad_list, 1):
        ref_args = (reference[0], grads, reference[1])
        expected = t.reference(function, *ref_args, **kwargs)
        label = f"step {k} of {function}({describe_kwargs(kwargs)})"
        got = t.run(function, (mine[0], grads, mine[1]), kwargs, label=label, reference_args=ref_args,
                    returns=("new_params", "new_state"))
        verify(t, function, k, label, expected, got, ref_args, kwargs, hint)
        mine, reference = got, expected
    return mine


def verify(t, function, k, label, expected, got, ref_args, kwargs, hint=""):
    if same(expected, got, RTOL):
        return
    hints = [hint]
    if same(expected[0], got[0], RTOL):
        hints.append(f"Your new parameters are right, but not the state. {STATE_FORMAT[function]}")
    elif k > 1:
        fresh = t.reference(function, ref_args[0], ref_args[1], None, **kwargs)
        if same(fresh[0], got[0], RTOL):
            hints.append(f"Your step {k} equals a first step from a fresh state: the state returned by "
                         f"step {k - 1} is not used, or not updated.")
    found = difference(expected[0], got[0], RTOL, "new_params") or difference(expected[1], got[1], RTOL, "new_state")
    mistake = t.known_mistake(got, RTOL, function, ref_args, kwargs, expected=expected) or ""
    t.fail(sentences(f"{label}: {found}", *hints, named_mistake(mistake)), mistake)


# ---------------------------------------------------------------- worked example


@check("the lesson's worked example: two steps of each optimizer", points=1)
def worked_example(t):
    params = {"w": np.array([1.0, -2.0])}
    grad_list = [{"w": np.array([0.5, -1.0])}, {"w": np.array([0.5, 0.0])}]
    steps(t, "sgd", params, grad_list, {"learning_rate": 0.1, "momentum": 0.9})
    steps(t, "rmsprop", params, grad_list, {"learning_rate": 0.1})
    steps(t, "adam", params, grad_list, {"learning_rate": 0.1})


# ---------------------------------------------------------------- SGD


@check("SGD without momentum (Keras' default momentum = 0) is p − lr·g", points=1)
def sgd_plain(t):
    for i, rng in enumerate(t.trials(3)):
        params = problem(rng)
        kwargs = {} if i == 0 else {"learning_rate": float(rng.choice([0.1, 0.5]))}
        steps(t, "sgd", params, [gradients(rng, params) for _ in range(3)], kwargs)


@check("SGD with momentum, five consecutive steps on random parameters", points=3)
def sgd_momentum(t):
    for rng in t.trials(5):
        params = problem(rng)
        kwargs = {"learning_rate": float(rng.choice([0.03, 0.1, 0.5])),
                  "momentum": float(rng.choice([0.5, 0.9, 0.99]))}
        steps(t, "sgd", params, [gradients(rng, params) for _ in range(5)], kwargs)


@check("with momentum, the parameters keep moving when the gradient becomes zero", points=1)
def sgd_coasting(t):
    for rng in t.trials(2):
        params = problem(rng)
        zero = {name: np.zeros_like(p) for name, p in params.items()}
        steps(t, "sgd", params, [gradients(rng, params, 1.0), zero, zero, zero],
              {"learning_rate": 0.1, "momentum": 0.9},
              hint="After the first step the gradient is zero, so each step should move the parameters by "
                   "v = momentum·v: the velocity carries them on, shrinking by the momentum factor each step.")


# ---------------------------------------------------------------- RMSprop


@check("RMSprop, five consecutive steps with gradients of very different sizes", points=3)
def rmsprop(t):
    for rng in t.trials(5):
        params = problem(rng)
        kwargs = {"learning_rate": float(rng.choice([0.001, 0.01, 0.1])), "rho": float(rng.choice([0.8, 0.9, 0.95]))}
        steps(t, "rmsprop", params, [gradients(rng, params) for _ in range(5)], kwargs)


@check("RMSprop with tiny gradients, from zero parameters: ε goes inside the square root", points=1)
def rmsprop_epsilon(t):
    for rng in t.trials(2):
        params = {name: np.zeros_like(p) for name, p in problem(rng).items()}
        steps(t, "rmsprop", params, [gradients(rng, params, 1e-4) for _ in range(2)], {"learning_rate": 0.01},
              hint="Starting from zero parameters, the result is minus the update itself. Keras divides by "
                   "sqrt(v + ε), not sqrt(v) + ε: with tiny gradients v is tiny and the two differ a lot.")


# ---------------------------------------------------------------- Adam


@check("Adam, six consecutive steps on random parameters", points=3)
def adam(t):
    for rng in t.trials(5):
        params = problem(rng)
        kwargs = {"learning_rate": float(rng.choice([0.001, 0.01, 0.1])),
                  "beta_1": float(rng.choice([0.8, 0.9])), "beta_2": float(rng.choice([0.99, 0.999]))}
        steps(t, "adam", params, [gradients(rng, params) for _ in range(6)], kwargs)


@check("Adam's first step is about lr·sign(g): bias correction with t = 1", points=1)
def adam_first_step(t):
    for rng in t.trials(2):
        params = {name: np.zeros_like(p) for name, p in problem(rng).items()}
        steps(t, "adam", params, [gradients(rng, params, 1.0)], {"learning_rate": 0.01},
              hint="From zero parameters the result is minus the first update, which is close to "
                   "lr·sign(g) because of the bias correction sqrt(1 − β2^t)/(1 − β1^t) with t = 1.")


@check("Adam with tiny gradients: ε is added to sqrt(v) before the bias correction (Keras' ε-hat)", points=1)
def adam_epsilon(t):
    for rng in t.trials(2):
        params = {name: np.zeros_like(p) for name, p in problem(rng).items()}
        steps(t, "adam", params, [gradients(rng, params, 1e-4) for _ in range(3)], {"learning_rate": 0.01},
              hint="Keras computes p − lr·sqrt(1 − β2^t)/(1 − β1^t) · m / (sqrt(v) + ε); with tiny "
                   "gradients, where ε is added makes a visible difference.")


# ---------------------------------------------------------------- all three


@check("every optimizer uses the learning_rate it is given", points=1)
def learning_rate(t):
    rng = t.rng
    params = {name: np.zeros_like(p) for name, p in problem(rng).items()}
    grads = gradients(rng, params, 1.0)
    for function, rates, extra in (("sgd", (0.5, 0.003), {"momentum": 0.9}), ("rmsprop", (0.5, 0.003), {}),
                                   ("adam", (0.5, 0.003), {})):
        for rate in rates:
            kwargs = {"learning_rate": rate, **extra}
            label = f"{function}({describe_kwargs(kwargs)}) from zero parameters"
            expected = t.reference(function, params, grads, None, **kwargs)
            got = t.run(function, (params, grads, None), kwargs, label=label, returns=("new_params", "new_state"))
            default = t.reference(function, params, grads, None, **{**kwargs, "learning_rate":
                                                                   DEFAULTS[function]["learning_rate"]})
            hint = ""
            if same(default[0], got[0], RTOL):
                hint = (f"Your step is the one for learning_rate={DEFAULTS[function]['learning_rate']:g}, "
                        f"the default: the learning_rate argument is ignored.")
            verify(t, function, 1, label, expected, got, (params, grads, None), kwargs, hint)


@check("called with (params, grads) only, every optimizer uses Keras' defaults", points=1)
def keras_defaults(t):
    for function in ("sgd", "rmsprop", "adam"):
        for rng in t.trials(1):
            params = problem(rng)
            steps(t, function, params, [gradients(rng, params) for _ in range(3)],
                  hint=f"The defaults: {describe_kwargs(DEFAULTS[function])}.")


@check("zero gradients from a fresh state leave the parameters unchanged", points=1)
def zero_gradients(t):
    params = problem(t.rng)
    zero = {name: np.zeros_like(p) for name, p in params.items()}
    for function in ("sgd", "rmsprop", "adam"):
        steps(t, function, params, [zero, zero], {"learning_rate": 0.1},
              hint="With g = 0 from the start, the velocity, m and v all stay 0, and 0 / (sqrt(0) + ε) is 0.")
