"""Checks for the causal_mask exercise: a boolean (T, T) mask, True on and below the diagonal, for the
lesson's example, random sizes and one position; strict, transposed, inverted, numeric and additive
masks are named."""

from tutor.grading.api import check

HINT = ("Row t is query t, column s is key s: True where s ≤ t (on and below the diagonal), False above it. "
        "np.tril(np.ones((T, T), dtype=bool)) builds exactly that.")


@check("the lesson's worked example, T = 4", points=1)
def worked_example(t):
    t.compare("causal_mask", (4,), hint="The lesson shows it: [[T, F, F, F], [T, T, F, F], [T, T, T, F], [T, T, T, T]].")


@check("random sizes", points=2)
def random_sizes(t):
    for rng in t.trials(4):
        t.compare("causal_mask", (int(rng.integers(2, 13)),), hint=HINT)


@check("one position: the only query sees its own key", points=1)
def single(t):
    t.compare("causal_mask", (1,), hint="T = 1: query 0 may attend to key 0 (s ≤ t includes s = t), so the mask is [[True]].")
