"""Checks for the conv_backward exercise: (dx, dw, db) of a 2-D convolution, against the reference
and against numerical gradients. The backward only ever gets the cache made by the learner's own
conv2d_forward (the one from their conv_forward exercise, imported into this file)."""

import numpy as np

from tutor.grading.api import check

NAMES = ("dx", "dw", "db")
HINTS = {
    "dx": "dx has x's shape (N, H, W, C_in): every window adds dout[:, i, j, :] times w to the pixels it "
          "covered (+=, windows overlap), then the padding is cropped off: dx_pad[:, pad:pad + H, pad:pad + W, :]",
    "dw": "dw has w's shape (KH, KW, C_in, C_out) and collects a contribution from every window: "
          "dw += (window of x_pad) × dout[:, i, j, :], summed over the batch",
    "db": "db has b's shape (C_out,): b was added at every position of every sample, so sum dout over N, H' and W'",
}
USES_FORWARD = ("conv_backward hands your conv2d_backward the cache of your own conv2d_forward, imported from "
                "your conv_forward exercise (from conv_forward import conv2d_forward): finish that one first")


def layer(rng, n=None):
    """x (N, H, W, C_in) with H ≠ W, w (KH, KW, C_in, C_out) with C_in ≠ C_out (KH ≠ KW in some
    trials), b (C_out,); N is 1 in some trials."""
    n = int(rng.choice([1, 2, 3])) if n is None else n
    h = int(rng.integers(3, 7))
    width = int(rng.integers(3, 7))
    width = width + 1 if width == h else width
    kh = int(rng.integers(1, 4))
    kw = int(rng.choice([kh, int(rng.integers(1, 4))]))
    c_in = int(rng.integers(1, 4))
    c_out = int(rng.integers(1, 4))
    c_out = c_out + 1 if c_out == c_in else c_out
    return rng.normal(size=(n, h, width, c_in)), rng.normal(size=(kh, kw, c_in, c_out)), rng.normal(size=c_out)


def forward(t, x, w, b, stride=1, pad=0):
    """Run the learner's conv2d_forward (it must be right); return (learner cache, reference cache)."""
    kwargs = {"stride": stride, "pad": pad}
    got = t.compare("conv2d_forward", (x, w, b), kwargs, returns=("out", "cache"), part=0, context=USES_FORWARD,
                    name_mistakes=False)
    return got[1], t.reference("conv2d_forward", x, w, b, **kwargs)[1]


def backward(t, dout, caches, expected=None, rtol=1e-7, against="", hint=""):
    """Check the learner's (dx, dw, db); name the wrong gradient(s) and a known mistake."""
    t.compare("conv2d_backward", (dout, caches[0]), reference_args=(dout, caches[1]), expected=expected, rtol=rtol,
              label=f"conv2d_backward(array{dout.shape}, cache)", against=against, returns=NAMES,
              hints=None if hint else HINTS, hint=hint)


def run(t, x, w, b, stride=1, pad=0, dout=None, rng=None, hint=""):
    caches = forward(t, x, w, b, stride, pad)
    out_shape = t.reference("conv2d_forward", x, w, b, stride=stride, pad=pad)[0].shape
    backward(t, (rng or t.rng).normal(size=out_shape) if dout is None else dout, caches, hint=hint)


@check("the lesson's worked example", points=1)
def worked_example(t):
    x = np.array([[1.0, 2.0, 6.0], [4.0, 5.0, 9.0], [2.0, 8.0, 7.0]]).reshape(1, 3, 3, 1)
    w = np.array([[1.0, 0.0], [0.0, -1.0]]).reshape(2, 2, 1, 1)
    run(t, x, w, np.array([0.5]), dout=np.array([[1.0, 0.0], [0.0, 2.0]]).reshape(1, 2, 2, 1))


@check("random shapes (H ≠ W, C_in ≠ C_out, a batch of 1), stride 1, no padding", points=2)
def random_plain(t):
    for index, rng in enumerate(t.trials(4)):
        run(t, *layer(rng, n=1 if index == 0 else None), rng=rng)


@check("zero padding and strides 2 and 3", points=3)
def padding_and_strides(t):
    for index, rng in enumerate(t.trials(6)):
        stride, pad = ((1, 1), (2, 1), (2, 0), (1, 2), (3, 1), (2, 2))[index]
        run(t, *layer(rng, n=1 if index == 1 else None), stride=stride, pad=pad, rng=rng)


@check("one upstream gradient at a time names the window it came from", points=1)
def one_hot_upstream(t):
    x, w, b = t.rng.normal(size=(2, 5, 4, 2)), t.rng.normal(size=(3, 2, 2, 3)), t.rng.normal(size=3)
    for n, i, j, f in ((0, 0, 0, 0), (1, 2, 1, 2), (0, 1, 2, 1)):
        dout = np.zeros((2, 3, 3, 3))
        dout[n, i, j, f] = 1.0
        run(t, x, w, b, stride=2, pad=1, dout=dout,
            hint=f"With dout = 1 at out[{n}, {i}, {j}, {f}] only: dw[:, :, :, {f}] is the window of x_pad "
                 f"under out[{i}, {j}] (rows {2 * i}..{2 * i + 2}, columns {2 * j}..{2 * j + 1} of sample {n}), "
                 f"dx gets w[:, :, :, {f}] on that window (minus the padding), and db is 1 at {f}, 0 elsewhere")


@check("backward agrees with numerical gradients (random upstream gradient)", points=2)
def numeric(t):
    for index, rng in enumerate(t.trials(3)):
        kwargs = dict(zip(("stride", "pad"), ((1, 1), (2, 1), (1, 0))[index]))

        def make():
            x = rng.normal(size=(int(rng.integers(1, 3)), 4, 5, 2))
            w, b = rng.normal(size=(3, 2, 2, 3)), rng.normal(size=3)
            return (x, w, b), rng.normal(size=t.reference("conv2d_forward", x, w, b, **kwargs)[0].shape)

        # The layer is linear in each single number, so centred differences are exact up to rounding;
        # a larger h keeps that rounding far below the tolerance.
        args, dout, expected = t.layer_gradients("conv2d_forward", "conv2d_backward", make, kwargs=kwargs, h=1e-3)
        backward(t, dout, forward(t, *args, **kwargs), expected, rtol=1e-6, against="numerical gradients")


@check("edge cases: a kernel as large as the padded image, a 1×1 kernel with stride 2", points=1)
def edge_cases(t):
    x = t.rng.normal(size=(1, 4, 3, 2))
    run(t, x, t.rng.normal(size=(4, 3, 2, 3)), t.rng.normal(size=3))
    run(t, x, t.rng.normal(size=(6, 5, 2, 1)), t.rng.normal(size=1), pad=1)
    run(t, x, t.rng.normal(size=(1, 1, 2, 3)), t.rng.normal(size=3), stride=2,
        hint="With a 1×1 kernel and stride 2, the pixels no window covers get dx = 0")
