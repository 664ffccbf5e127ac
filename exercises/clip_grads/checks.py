"""Checks for the clip_grads exercise: the global norm, one common factor for every tensor, no
change below the threshold, None entries skipped, all-zero gradients without NaN."""

import numpy as np

from tutor.grading.api import check, difference, named_mistake, sentences, signature

# The same words as the mutant always_rescale's mistake, so the class summary counts them together.
ALWAYS_RESCALE = ("the gradients are rescaled even when their norm is below max_norm: the factor is max_norm / "
                  "max(global_norm, max_norm), so small gradients stay unchanged")
HINT = "global_norm = sqrt(Σ_i sum(g_i²)); every g_i is multiplied by max_norm / max(global_norm, max_norm)."


def gradients(rng, count=None):
    """A list of 1 to 4 arrays of different shapes (vectors, matrices, a 3-D kernel)."""
    count = int(rng.integers(1, 5)) if count is None else count
    shapes = [(int(rng.integers(2, 6)), int(rng.integers(2, 5))), (int(rng.integers(2, 7)),),
              (2, int(rng.integers(2, 4)), 3), (int(rng.integers(1, 4)), int(rng.integers(3, 6)))]
    return [rng.normal(scale=float(rng.choice([0.1, 1.0, 5.0])), size=shape) for shape in shapes[:count]]


def norm(grads):
    return float(np.sqrt(sum(np.sum(g * g) for g in grads if g is not None)))


def clip(t, grads, max_norm, hint=HINT):
    """Compare the learner with the reference, explaining the first problem: the returned norm,
    a tensor that is not a multiple of its gradient, tensors scaled by different factors, or
    values (factors computed here, from the learner's output)."""
    args, function = (grads, max_norm), "clip_by_global_norm"
    expected, label = t.reference(function, *args), signature(function, args, {})
    got = t.run(function, args, returns=("clipped", "global_norm"))
    if (problem := difference(expected[1], got[1], 1e-7)) is not None:
        message = (f"the global norm returned by {label}: {problem}. It is measured on the gradients you were "
                   f"given, before clipping: sqrt(Σ_i sum(g_i²)).")
    elif (problem := difference(expected[0], got[0], 1e-7)) is None:
        return
    else:
        message = f"the clipped gradients of {label}: {problem}. {hint}"
        if difference(expected[0], got[0], np.inf) is None:  # right types and shapes: look closer
            message = scaling_problem(grads, got[0], max_norm, expected[1], label) or message
    mistake = (t.known_mistake(got, 1e-7, function, args, {}, expected=expected)
               or (ALWAYS_RESCALE if ALWAYS_RESCALE in message else ""))
    t.fail(message if mistake in message else sentences(message, named_mistake(mistake)), mistake)


def scaling_problem(grads, clipped, max_norm, global_norm, label):
    """What is wrong with how the learner scaled the tensors, when it is not just the factor."""
    factors = []
    for i, (g, c) in enumerate(zip(grads, clipped)):
        if g is None or not np.sum(g * g) > 0:
            continue
        factor = float(np.sum(c * g) / np.sum(g * g))
        if np.linalg.norm(c - factor * g) > 1e-6 * max(np.linalg.norm(c), 1e-12):
            return (f"{label}: the clipped gradient number {i} is not a multiple of the gradient you were given. "
                    "Clipping by norm multiplies each tensor as a whole and never changes its direction "
                    "(np.clip clips numbers one by one: that is clipping by value).")
        factors.append(factor)
    if len(factors) > 1 and max(factors) - min(factors) > 1e-6 * max(abs(f) for f in factors):
        scaled = ", ".join(f"{f:.4g}" for f in factors)
        return (f"{label}: you multiplied the tensors by different factors ({scaled}). Clipping by the global "
                f"norm scales every tensor by the same factor, here max_norm / max(global_norm, max_norm) = "
                f"{max_norm / max(global_norm, max_norm):.4g}, so the gradient keeps its direction.")
    right = max_norm / max(global_norm, max_norm)
    if factors and global_norm < max_norm and factors[0] > 1 + 1e-9:
        return (f"{label}: the global norm {global_norm:.6g} is below max_norm = {max_norm:.6g}, but you multiplied "
                f"every tensor by {factors[0]:.6g}. This matches a known mistake: {ALWAYS_RESCALE}.")
    if factors and abs(factors[0] / right - 1) < 1e-4:
        return (f"{label}: you multiplied every tensor by {factors[0]:.8g}, close to but not exactly the factor "
                f"max_norm / max(global_norm, max_norm) = {right:.8g}. A small ε added to the norm "
                "(max_norm / (global_norm + ε)) shifts it: max(global_norm, max_norm) never divides by 0 when "
                "max_norm > 0, so no ε is needed.")
    if factors:
        return (f"{label}: you multiplied every tensor by {factors[0]:.6g}, but the factor is "
                f"max_norm / max(global_norm, max_norm) = {max_norm:.6g} / max({global_norm:.6g}, {max_norm:.6g})"
                f" = {max_norm / max(global_norm, max_norm):.6g}.")
    return ""


@check("the lesson's worked example", points=1)
def worked_example(t):
    clip(t, [np.array([[6.0, 0.0], [0.0, 8.0]]), np.array([24.0])], 5.0)


@check("gradients above max_norm are scaled down to it (random lists)", points=2)
def above(t):
    for rng in t.trials(6):
        grads = gradients(rng)
        clip(t, grads, norm(grads) * float(rng.uniform(0.1, 0.9)))


@check("every tensor is scaled by the same factor (one large tensor, several small ones)", points=2)
def same_factor(t):
    for rng in t.trials(4):
        grads = gradients(rng, count=int(rng.integers(2, 5)))
        grads[0] = grads[0] * 20.0  # one tensor holds most of the norm; the others are below max_norm alone
        max_norm = max(norm(grads[1:]) * 1.5, norm(grads) * 0.3)
        clip(t, grads, max_norm)


@check("gradients below max_norm come back unchanged", points=1)
def below(t):
    for rng in t.trials(4):
        grads = gradients(rng)
        clip(t, grads, norm(grads) * float(rng.uniform(1.1, 10.0)),
             hint="When the global norm is at most max_norm, nothing is clipped: the factor is 1.")
    grads = gradients(t.rng, count=2)
    clip(t, grads, norm(grads), hint="A global norm exactly equal to max_norm is not clipped either.")


@check("the global norm is returned, measured before clipping", points=1)
def returned_norm(t):
    for rng in t.trials(3):
        grads = gradients(rng)
        clip(t, grads, norm(grads) * 0.5)


@check("None entries (parameters without a gradient) are skipped and stay None", points=1)
def none_entries(t):
    for rng in t.trials(2):
        grads = gradients(rng, count=3)
        grads.insert(int(rng.integers(0, 4)), None)
        clip(t, grads, norm(grads) * 0.4,
             hint="tf.clip_by_global_norm ignores None entries: they add nothing to the norm and come back as None.")


@check("all-zero gradients give a norm of 0, without NaN", points=1)
def zeros(t):
    clip(t, [np.zeros((2, 3)), np.zeros(4)], 1.0,
         hint="With a global norm of 0 nothing needs clipping; dividing by the norm gives 0/0 = NaN.")
