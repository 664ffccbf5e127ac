"""Checks for the maxpool exercise: 2-D max pooling (NHWC) forward, and its backward (the gradient
goes to each window's argmax only). Inputs have no ties, so the argmax is always unique."""

import numpy as np

from tutor.grading.api import check, numeric_gradient

LESSON_X = np.array([[1.0, 3.0, 2.0, 1.0], [8.0, 2.0, 0.0, 4.0],
                     [5.0, 6.0, 1.0, 2.0], [7.0, 0.0, 3.0, 9.0]]).reshape(1, 4, 4, 1)


def distinct(rng, shape):
    """Random inputs with no ties: distinct values at least 0.15 apart (far above any numerical step)."""
    size = int(np.prod(shape))
    values = (rng.permutation(size) - size / 2) * 0.25 + rng.uniform(-0.05, 0.05, size)
    return values.reshape(shape)


def images(rng, n=None, pool=2, stride=2):
    """x (N, H, W, C) with H ≠ W, room for at least one window; N is 1 in some trials."""
    n = int(rng.choice([1, 2, 3])) if n is None else n
    h = int(rng.integers(pool, pool + 5))
    width = int(rng.integers(pool, pool + 5))
    width = width + 1 if width == h else width
    return distinct(rng, (n, h, width, int(rng.integers(1, 4))))


def shape_hint(expected, got, x, pool, stride):
    n, h_out, w_out, c = expected
    (_, h, width, _) = x.shape
    if len(got) != 4:
        return "out has four axes: (N, H', W', C)"
    if got == (n, w_out, h_out, c):
        return f"H and W swapped? out is (N, H', W', C) = {expected}"
    if got[0] != n or got[3] != c:
        return "pooling works on H and W only: the batch and channel axes keep their sizes"
    return (f"H' = (H − pool) // stride + 1 = ({h} − {pool}) // {stride} + 1 = {h_out}, and "
            f"W' = ({width} − {pool}) // {stride} + 1 = {w_out}")


def forward(t, x, pool=None, stride=None, hint=""):
    """Check the learner's ``out``; return (learner cache, reference cache)."""
    kwargs = {k: v for k, v in (("pool", pool), ("stride", stride)) if v is not None}

    def explain(expected, out):
        if isinstance(out, np.ndarray) and out.shape != expected.shape:
            return shape_hint(expected.shape, out.shape, x, kwargs.get("pool", 2), kwargs.get("stride", 2))
        return ""

    got = t.compare("maxpool_forward", (x,), kwargs, returns=("out", "cache"), part=0, explain=explain,
                    hint=hint or "out[n, i, j, c] is the largest number of the window "
                                 "x[n, i·stride : i·stride + pool, j·stride : j·stride + pool, c]")
    return got[1], t.reference("maxpool_forward", x, **kwargs)[1]


def backward(t, dout, caches, expected=None, rtol=1e-7, against="", hint=""):
    """Check the learner's dx; point at a pixel that got gradient although it is no window's max."""
    def stray(expected, got):
        if not isinstance(got, np.ndarray) or got.shape != expected.shape:
            return ""
        argmax = t.reference("maxpool_backward", np.ones_like(dout), caches[1]) != 0
        if not (found := np.argwhere((got != 0) & ~argmax)).size:
            return ""
        index = tuple(int(i) for i in found[0])
        return (f"dx{list(index)} = {got[index]:.6g}, but that input is not the maximum of any window it belongs to: "
                "only each window's argmax receives dout, every other dx is 0")

    t.compare("maxpool_backward", (dout, caches[0]), reference_args=(dout, caches[1]), expected=expected, rtol=rtol,
              label=f"maxpool_backward(array{dout.shape}, cache)", against=against, explain=stray,
              hint=hint or "dx has x's shape; each window's dout goes to the position of its maximum, and a pixel "
                           "that is the maximum of several (overlapping) windows collects the sum")


def run(t, x, pool=2, stride=2, dout=None, rng=None, hint=""):
    caches = forward(t, x, pool, stride)
    out_shape = t.reference("maxpool_forward", x, pool=pool, stride=stride)[0].shape
    backward(t, (rng or t.rng).normal(size=out_shape) if dout is None else dout, caches, hint=hint)


@check("the lesson's worked example: a 2×2 window gives 8", points=1)
def worked_example(t):
    run(t, LESSON_X, dout=np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 2, 2, 1))


@check("pool = 2 and stride = 2 are the defaults", points=1)
def defaults(t):
    forward(t, images(t.rng))


@check("forward on random shapes (H ≠ W, a batch of 1), pool 2 or 3, stride 1 to 3", points=2)
def forward_random(t):
    for index, rng in enumerate(t.trials(6)):
        pool, stride = ((2, 2), (3, 2), (2, 1), (3, 3), (2, 3), (3, 1))[index]
        forward(t, images(rng, n=1 if index == 0 else None, pool=pool), pool=pool, stride=stride)


@check("backward, windows side by side (stride = pool)", points=2)
def backward_tiled(t):
    for index, rng in enumerate(t.trials(4)):
        pool = 2 + index % 2
        run(t, images(rng, n=1 if index == 0 else None, pool=pool), pool=pool, stride=pool, rng=rng)


@check("backward, overlapping windows (stride < pool) and gaps (stride > pool)", points=2)
def backward_overlap(t):
    for index, rng in enumerate(t.trials(4)):
        pool, stride = ((3, 2), (2, 1), (3, 1), (2, 3))[index]
        run(t, images(rng, n=1 if index == 0 else None, pool=pool), pool=pool, stride=stride, rng=rng,
            hint="Where windows overlap, one input can be the maximum of several windows: use += so it "
                 "collects every one of their gradients")


@check("one window at a time: the gradient goes to its argmax only", points=1)
def one_window(t):
    x = distinct(t.rng, (2, 4, 6, 2))
    for n, i, j, c in ((0, 0, 0, 0), (1, 1, 2, 1), (0, 1, 1, 1)):
        dout = np.zeros((2, 2, 3, 2))
        dout[n, i, j, c] = 1.5
        window = x[n, 2 * i:2 * i + 2, 2 * j:2 * j + 2, c]
        r, s = np.unravel_index(int(np.argmax(window)), window.shape)
        run(t, x, dout=dout,
            hint=f"With dout = 1.5 at out[{n}, {i}, {j}, {c}] only, dx is 0 everywhere except "
                 f"dx[{n}, {2 * i + r}, {2 * j + s}, {c}] = 1.5, where that window's maximum {window.max():.4g} is")


@check("backward agrees with numerical gradients (random upstream gradient)", points=2)
def numeric(t):
    for index, rng in enumerate(t.trials(3)):
        pool, stride = ((2, 2), (3, 2), (2, 1))[index]
        x = images(rng, n=1 + index % 2, pool=pool)
        dout = rng.normal(size=t.reference("maxpool_forward", x, pool=pool, stride=stride)[0].shape)
        # Inputs are at least 0.15 apart, so a step of 1e-3 never changes an argmax: max pooling is
        # linear around x and centred differences are exact up to rounding.
        expected = numeric_gradient(lambda v: t.reference("maxpool_forward", v, pool=pool, stride=stride)[0],
                                    x, dout, h=1e-3)
        backward(t, dout, forward(t, x, pool, stride), expected, rtol=1e-6, against="numerical gradients")


@check("edge cases: one window covering the image, an odd size that drops the last row", points=1)
def edge_cases(t):
    run(t, distinct(t.rng, (2, 3, 3, 2)), pool=3, stride=3)
    run(t, distinct(t.rng, (1, 5, 4, 3)), pool=2, stride=2,
        hint="H = 5 with pool 2, stride 2: H' = (5 − 2) // 2 + 1 = 2; the last row is in no window, so its dx is 0")
