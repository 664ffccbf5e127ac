"""Checks for the conv_forward exercise: a 2-D convolution (cross-correlation), NHWC input, HWIO
kernel, zero padding of H and W, any stride. Only ``out`` is compared: the cache is the learner's
own business (the next exercise hands it back to their backward)."""

import numpy as np

from tutor.grading.api import LearnerError, check, same, sentences

LESSON_X = np.array([[1.0, 2.0, 6.0], [4.0, 5.0, 9.0], [2.0, 8.0, 7.0]]).reshape(1, 3, 3, 1)
LESSON_W = np.array([[1.0, 0.0, -1.0]] * 3).reshape(3, 3, 1, 1)
# The same words as the mutant pad_all_axes's mistake, so the class summary counts them together.
PAD_ALL_AXES = ("np.pad(x, pad) pads every axis, the batch and the channels too: pad H and W only, with "
                "((0, 0), (pad, pad), (pad, pad), (0, 0))")


def layer(rng, n=None):
    """x (N, H, W, C_in) with H ≠ W, w (KH, KW, C_in, C_out) with C_in ≠ C_out (KH ≠ KW in some
    trials), b (C_out,); N is 1 in some trials."""
    n = int(rng.choice([1, 2, 3])) if n is None else n
    h = int(rng.integers(3, 8))
    width = int(rng.integers(3, 8))
    width = width + 1 if width == h else width
    kh = int(rng.integers(1, 4))
    kw = int(rng.choice([kh, int(rng.integers(1, 4))]))
    c_in = int(rng.integers(1, 4))
    c_out = int(rng.integers(1, 5))
    c_out = c_out + 1 if c_out == c_in else c_out
    return rng.normal(size=(n, h, width, c_in)), rng.normal(size=(kh, kw, c_in, c_out)), rng.normal(size=c_out)


def shape_hint(expected, got, x, w, stride, pad):
    """Why ``out`` has the wrong shape, in the learner's terms."""
    n, h_out, w_out, c_out = expected
    if len(got) != 4:
        return "out has four axes: (N, H', W', C_out)"
    if got == (n, w_out, h_out, c_out):
        return (f"H and W swapped? out is (N, H', W', C_out) = {expected}: H' comes from x.shape[1] "
                f"and KH = w.shape[0], W' from x.shape[2] and KW = w.shape[1]")
    if got[0] != n:
        return (f"the batch axis must keep its N = {n} samples: pad only H and W, "
                "np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))")
    if got[3] != c_out:
        return f"the last axis holds one map per output channel: C_out = w.shape[3] = {c_out}"
    (_, h, width, _), (kh, kw, _, _) = x.shape, w.shape
    off = " (off by one?)" if max(abs(got[1] - h_out), abs(got[2] - w_out)) == 1 else ""
    return (f"H' = (H + 2·pad − KH) // stride + 1 = ({h} + 2·{pad} − {kh}) // {stride} + 1 = {h_out}, and "
            f"W' = ({width} + 2·{pad} − {kw}) // {stride} + 1 = {w_out}{off}")


def forward(t, x, w, b, stride=None, pad=None, hint=""):
    """Check the learner's ``out``; name a known mistake, or a likely cause of wrong values."""
    kwargs = {k: v for k, v in (("stride", stride), ("pad", pad)) if v is not None}
    stride_, pad_ = kwargs.get("stride", 1), kwargs.get("pad", 0)

    def explain(expected, out):
        wrong_shape = isinstance(out, np.ndarray) and out.shape != expected.shape
        return shape_hint(expected.shape, out.shape, x, w, stride_, pad_) if wrong_shape else ""

    def advice(expected, out):  # mistakes that have no mutant, told from the values
        if not isinstance(out, np.ndarray) or out.shape != expected.shape:
            return ""
        if same(t.reference("conv2d_forward", x, w, np.zeros_like(b), **kwargs)[0], out):
            return "Every value is short by the bias: add b (one number per output channel) to every position"
        if expected.shape[1] == expected.shape[2] and same(expected.transpose(0, 2, 1, 3), out):
            return "Your output is the right one with H and W swapped: out[n, i, j, :] belongs to row i, column j"
        return hint

    try:
        t.compare("conv2d_forward", (x, w, b), kwargs, returns=("out", "cache"), part=0, explain=explain, hint=advice)
    except LearnerError as crashed:  # a crash that padding x by hand (H and W only) avoids
        padded = np.pad(x, ((0, 0), (pad_, pad_), (pad_, pad_), (0, 0)))
        if crashed.mistake or not pad_ or not t.passes("conv2d_forward", (padded, w, b), {"stride": stride_}, part=0):
            raise
        raise LearnerError(sentences(str(crashed), "Your conv2d_forward is right when x is padded by hand and pad = 0, "
                                     "so the padding is what fails. The usual cause: " + PAD_ALL_AXES),
                           crashed.traceback, PAD_ALL_AXES) from None


@check("the lesson's worked example: a 3×3 patch gives −15", points=1)
def worked_example(t):
    forward(t, LESSON_X, LESSON_W, np.zeros(1),
            hint="Multiply the 3×3 patch by the kernel elementwise and sum: (1 − 6) + (4 − 9) + (2 − 7) = −15")
    forward(t, LESSON_X, LESSON_W, np.array([0.5]), stride=1, pad=1,
            hint="With pad = 1 the 3×3 image gets a border of zeros and the output is 3×3; its centre is −15 + 0.5")


@check("stride = 1 and pad = 0 are the defaults", points=1)
def defaults(t):
    forward(t, *layer(t.rng))


@check("random shapes (H ≠ W, C_in ≠ C_out, a batch of 1), stride 1, no padding", points=2)
def random_no_padding(t):
    for index, rng in enumerate(t.trials(5)):
        forward(t, *layer(rng, n=1 if index == 0 else None), stride=1, pad=0)


@check("zero padding of H and W", points=2)
def zero_padding(t):
    for index, rng in enumerate(t.trials(5)):
        forward(t, *layer(rng, n=1 if index == 0 else None), stride=1, pad=int(rng.integers(1, 3)))


@check("stride 2 and 3, with and without padding", points=2)
def strides(t):
    for index, rng in enumerate(t.trials(6)):
        forward(t, *layer(rng, n=1 if index == 0 else None), stride=2 + index % 2, pad=index // 2 % 2)
    # (H + 2·pad − KH) not a multiple of the stride: the last rows are dropped (floor)
    forward(t, *layer(t.rng), stride=2, pad=1)
    x, w, b = t.rng.normal(size=(2, 6, 5, 2)), t.rng.normal(size=(3, 2, 2, 3)), t.rng.normal(size=3)
    forward(t, x, w, b, stride=2, pad=1)


@check("one kernel weight at a time picks one input pixel (no kernel flip)", points=1)
def one_weight(t):
    x = t.rng.normal(size=(1, 5, 4, 2))
    for a, c in ((0, 0), (2, 1), (0, 1), (1, 0)):
        w = np.zeros((3, 2, 2, 1))
        w[a, c, 1, 0] = 1.0
        forward(t, x, w, np.zeros(1), stride=1, pad=1,
                hint=f"With a kernel that is 1 at position ({a}, {c}) only (input channel 1), "
                     f"out[n, i, j, 0] must equal x_pad[n, i·stride + {a}, j·stride + {c}, 1]: "
                     "the kernel is not flipped, and the window starts at (i·stride, j·stride)")


@check("the bias alone (w = 0)", points=1)
def bias_only(t):
    x, w, b = layer(t.rng)
    forward(t, x, np.zeros_like(w), b, stride=2, pad=1,
            hint="With w = 0 only the bias is left: every out[n, i, j, :] should equal b")


@check("edge cases: a kernel as large as the padded image, a 1×1 kernel", points=1)
def edge_cases(t):
    x = t.rng.normal(size=(2, 4, 3, 2))
    forward(t, x, t.rng.normal(size=(4, 3, 2, 3)), t.rng.normal(size=3),
            hint="A kernel as large as the image fits exactly once: out has shape (N, 1, 1, C_out)")
    forward(t, x, t.rng.normal(size=(6, 5, 2, 1)), t.rng.normal(size=1), stride=1, pad=1)
    forward(t, x, t.rng.normal(size=(1, 1, 2, 3)), t.rng.normal(size=3),
            hint="A 1×1 kernel is a dense layer applied at every pixel: out[n, i, j] = x[n, i, j] @ w[0, 0] + b")
    forward(t, x[:1], t.rng.normal(size=(1, 1, 2, 3)), t.rng.normal(size=3), stride=2)
