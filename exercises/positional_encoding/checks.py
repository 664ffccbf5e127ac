"""Checks for the positional_encoding exercise: the sinusoidal encoding for the lesson's example, random
and edge sizes (T = 1, D = 2, T ≠ D) and a long sequence; wrong layouts, exponents and offsets are named."""

from tutor.grading.api import check

HINT = ("PE[t, 2i] = sin(t / 10000^(2i/D)) and PE[t, 2i+1] = cos(t / 10000^(2i/D)): the even columns hold the "
        "sines, the odd ones the cosines, each pair sharing one frequency; t runs from 0.")
LONG = (200, 64)


@check("the lesson's worked example, T = 4, D = 4", points=1)
def worked_example(t):
    t.compare("positional_encoding", (4, 4), hint="The lesson works this example out: row 1 is "
                                                  "[sin 1, cos 1, sin 0.01, cos 0.01] = [0.8415, 0.5403, 0.0100, 1.0000].")


@check("random sizes, T ≠ D", points=2)
def random_sizes(t):
    for rng in t.trials(5):
        T, D = int(rng.integers(2, 30)), 2 * int(rng.integers(2, 16))
        t.compare("positional_encoding", (T + 1 if T == D else T, D), hint=HINT)


@check("edge sizes: one position (every row starts at t = 0) and one pair of columns (D = 2)", points=1)
def edges(t):
    t.compare("positional_encoding", (1, 6),
              hint="Position 0: every sine is sin 0 = 0 and every cosine cos 0 = 1, so row 0 is [0, 1, 0, 1, …].")
    t.compare("positional_encoding", (7, 2), hint="With D = 2 there is one pair, 2i = 0: PE[t] = [sin t, cos t].")


@check(f"a long sequence: T = {LONG[0]}, D = {LONG[1]}", points=1)
def long_sequence(t):
    t.compare("positional_encoding", LONG, hint=HINT)
