"""Checks for the padding_masking exercise: pad_sequences against every padding/truncating
combination (the reference matches keras.utils.pad_sequences with dtype="float64"), then the
masked mean with padded steps that hold garbage, as they do after an embedding or a layer."""

import numpy as np

from tutor.grading.api import check, same

MODES = ("pre", "post")
PAD_HINTS = {
    "pre": "padding=\"pre\" puts the padding before the values: the values end each row.",
    "post": "padding=\"post\" puts the padding after the values: the values start each row.",
}
CUT_HINTS = {
    "pre": "truncating=\"pre\" drops values from the start of a long sequence: it keeps the last maxlen.",
    "post": "truncating=\"post\" drops values from the end of a long sequence: it keeps the first maxlen.",
}


def sequences(rng, count=None, longest=7, floats=False, empty=False):
    """A list of lists of ints (or floats) with different lengths; one may be empty."""
    count = int(rng.integers(2, 6)) if count is None else count
    lengths = [int(n) for n in rng.integers(1, longest + 1, size=count)]
    if empty:
        lengths[int(rng.integers(0, count))] = 0
    else:
        lengths[int(rng.integers(0, count))] = longest  # the longest length really occurs
    if floats:
        return [[round(float(v), 3) for v in rng.normal(scale=3.0, size=n)] for n in lengths]
    return [[int(v) for v in rng.integers(1, 100, size=n)] for n in lengths]


def pad(t, seqs, hint="", **kwargs):
    t.compare("pad_sequences", (seqs,), kwargs, hint=hint)


def padded_batch(rng, n=None, steps=None, features=None, side="post"):
    """x (N, T, F) with garbage in the padded steps, and its boolean mask (every row has a real step)."""
    n = int(rng.integers(2, 6)) if n is None else n
    steps = int(rng.integers(3, 8)) if steps is None else steps
    features = int(rng.integers(1, 5)) if features is None else features
    lengths = rng.integers(1, steps + 1, size=n)
    lengths[0] = max(1, steps - 1)  # at least one row really is padded
    positions = np.arange(steps)[None, :]
    mask = positions < lengths[:, None] if side == "post" else positions >= steps - lengths[:, None]
    return rng.normal(size=(n, steps, features)) + 3.0 * ~mask[..., None], mask


def mean(t, x, mask, hint=""):
    t.compare("masked_mean", (x, mask), hint=hint or (
        "Sum x over time with the padded steps zeroed, x * mask[..., None], and divide by the number of "
        "real steps, mask.sum(axis=1)."))


@check("pad_sequences: the lesson's worked example", points=1)
def pad_worked_example(t):
    seqs = [[1, 2, 3], [4, 5], [6, 7, 8, 9, 10]]
    pad(t, seqs, hint="With maxlen=None every row is as long as the longest sequence, here 5.")
    pad(t, seqs, maxlen=4, padding="post", truncating="post")
    pad(t, seqs, maxlen=4)


@check("pad_sequences: maxlen=None pads to the longest sequence (defaults: pre, pre, 0)", points=1)
def pad_defaults(t):
    for rng in t.trials(3):
        pad(t, sequences(rng), hint=PAD_HINTS["pre"])


@check("pad_sequences: padding \"pre\" and \"post\"", points=2)
def pad_sides(t):
    for rng in t.trials(4):
        seqs = sequences(rng)
        for side in MODES:
            pad(t, seqs, maxlen=max(map(len, seqs)) + int(rng.integers(0, 3)), padding=side, hint=PAD_HINTS[side])


@check("pad_sequences: truncating \"pre\" and \"post\" when a sequence is longer than maxlen", points=2)
def pad_truncating(t):
    for rng in t.trials(4):
        seqs = sequences(rng, longest=9)
        maxlen = int(rng.integers(1, max(map(len, seqs))))
        for cut in MODES:
            for side in MODES:
                pad(t, seqs, maxlen=maxlen, padding=side, truncating=cut, hint=f"{CUT_HINTS[cut]} {PAD_HINTS[side]}")


@check("pad_sequences: the padding value, and empty sequences", points=1)
def pad_value(t):
    for rng in t.trials(3):
        seqs = sequences(rng, empty=True)
        value = float(rng.choice([-1.0, 7.0, 99.0]))
        for side in MODES:
            pad(t, seqs, maxlen=6, padding=side, value=value,
                hint=f"Every place without a value holds value={value:g}; an empty sequence gives a row of it.")


@check("pad_sequences: float sequences keep their values (float64)", points=1)
def pad_floats(t):
    for rng in t.trials(3):
        seqs, kwargs = sequences(rng, floats=True), {"maxlen": 5, "padding": str(rng.choice(MODES))}
        got = t.call("pad_sequences", seqs, **kwargs)
        expected = t.reference("pad_sequences", seqs, **kwargs)
        if isinstance(got, np.ndarray) and got.shape == expected.shape:
            t.expect(got.dtype.kind == "f" and not np.array_equal(got, np.trunc(expected)),
                     "pad_sequences cut the float values to integers (an int array, like Keras' default "
                     "dtype=\"int32\"): return float64 values, np.full(..., value, dtype=np.float64).")
        pad(t, seqs, **kwargs)


@check("pad_sequences: an unknown padding or truncating raises ValueError", points=1)
def pad_errors(t):
    t.expect_raises("pad_sequences", ([[1, 2], [3]],), {"padding": "middle"}, exception="ValueError")
    t.expect_raises("pad_sequences", ([[1, 2], [3]],), {"truncating": "end"}, exception="ValueError")


@check("masked_mean: the lesson's worked example", points=1)
def mean_worked_example(t):
    x = np.array([[[1.0, 10.0], [2.0, 20.0], [9.0, 9.0]],
                  [[3.0, 30.0], [9.0, 9.0], [9.0, 9.0]]])
    mean(t, x, np.array([[True, True, False], [True, False, False]]))


@check("masked_mean: random batches, padded after or before the values", points=2)
def mean_random(t):
    for rng in t.trials(6):
        x, mask = padded_batch(rng, side=str(rng.choice(MODES)))
        mean(t, x, mask)


@check("masked_mean: no padding at all gives the plain mean over time", points=1)
def mean_unmasked(t):
    x, _ = padded_batch(t.rng)
    mean(t, x, np.ones(x.shape[:2], dtype=bool),
         hint="With every step real, the result is x.mean(axis=1).")


@check("masked_mean: a 0/1 float mask works like a boolean one", points=1)
def mean_float_mask(t):
    for rng in t.trials(2):
        x, mask = padded_batch(rng)
        mean(t, x, mask.astype(np.float64),
             hint="Turn the mask into numbers, np.asarray(mask, dtype=float): 1 for a real step, 0 for padding.")


@check("masked_mean: a row without any real step gives zeros, not NaN", points=1)
def mean_empty_row(t):
    x, mask = padded_batch(t.rng, n=3)
    mask[1] = False
    got = t.call("masked_mean", x, mask)
    if isinstance(got, np.ndarray) and got.shape == (3, x.shape[2]) and same(
            t.reference("masked_mean", x, mask)[[0, 2]], got[[0, 2]]):
        t.expect(not np.isnan(got[1]).any(),
                 "masked_mean gives NaN for a row whose mask is all False: its count of real steps is 0, "
                 "and 0/0 is NaN. Divide by np.maximum(count, 1) so that such a row gives zeros.")
    mean(t, x, mask, hint="Row 1 has no real step and should be all zeros; rows 0 and 2 are ordinary.")
