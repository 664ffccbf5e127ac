"""Checks for the embedding exercise: lookups for ids of one to three axes (id 0, the last id, a batch
of one) and the gradient of the table, which must add up over repeated ids, against the reference and
numerical gradients."""

import numpy as np

from tutor.grading.api import check, numeric_gradient

FORWARD_HINT = "out = W[ids]: one row of W per id, so out has the shape ids.shape + (D,)."
BACKWARD_HINT = ("dW has W's shape (vocab_size, D); row v collects dout at every position where ids == v, "
                 "added up: np.add.at(dW, ids, dout).")


def table(rng, v=None, d=None):
    """W (V, D) with V ≠ D."""
    v = int(rng.integers(3, 12)) if v is None else v
    d = int(rng.integers(2, 6)) if d is None else d
    d = d + 1 if d == v else d
    return rng.normal(size=(v, d))


def ids_of(rng, vocab, shape, repeats=True):
    """Integer ids of ``shape`` below ``vocab``; without repeats when asked (and possible)."""
    if repeats:
        ids = rng.integers(0, vocab, size=shape)
        ids.flat[0] = ids.flat[-1] = ids.flat[len(ids.flat) // 2] if ids.size > 1 else ids.flat[0]
        return ids
    return rng.permutation(vocab)[:int(np.prod(shape))].reshape(shape)


def forward(t, ids, W, hint=FORWARD_HINT):
    t.compare("embedding_forward", (ids, W), hint=hint)


def backward(t, dout, ids, vocab_size, expected=None, against="", hint=BACKWARD_HINT, rtol=1e-7):
    t.compare("embedding_backward", (dout, ids, vocab_size), expected=expected, against=against, hint=hint, rtol=rtol)


@check("the lesson's worked example, forward and backward", points=1)
def worked_example(t):
    W = np.array([[0.0, 0.1], [1.0, 1.1], [2.0, 2.1], [3.0, 3.1], [4.0, 4.1]])
    ids = np.array([[3, 0, 3], [1, 1, 4]])
    forward(t, ids, W)
    dout = np.array([[[1.0, 0.0], [0.0, 1.0], [2.0, 2.0]], [[1.0, -1.0], [0.5, 0.5], [0.0, 3.0]]])
    backward(t, dout, ids, 5, hint="The lesson works this example out: dW[3] = [1, 0] + [2, 2] = [3, 2] and "
                                   "dW[1] = [1, −1] + [0.5, 0.5] = [1.5, −0.5]: repeated ids add up.")


@check("forward for ids of one, two and three axes (N, T and more)", points=2)
def forward_shapes(t):
    for index, rng in enumerate(t.trials(6)):
        W = table(rng)
        shape = [(int(rng.integers(1, 7)),), (int(rng.integers(1, 4)), int(rng.integers(2, 6))),
                 (2, int(rng.integers(1, 3)), 3)][index % 3]
        forward(t, ids_of(rng, W.shape[0], shape), W)


@check("forward edge cases: id 0, the last id, a batch of one", points=1)
def forward_edges(t):
    W = table(t.rng, v=6, d=3)
    forward(t, np.array([0, 5, 0]), W, hint="Row 0 and row V − 1 are ordinary rows: out = W[ids].")
    forward(t, np.array([[4, 0, 2, 0]]), W)


@check("backward without repeated ids", points=1)
def backward_distinct(t):
    for rng in t.trials(3):
        W = table(rng, v=int(rng.integers(8, 14)))
        ids = ids_of(rng, W.shape[0], (2, int(rng.integers(2, 4))), repeats=False)
        backward(t, rng.normal(size=(*ids.shape, W.shape[1])), ids, W.shape[0])


@check("backward with repeated ids: their gradients add up (ids of one and two axes, id 0 included)", points=3)
def backward_repeated(t):
    for index, rng in enumerate(t.trials(5)):
        W = table(rng)
        shape = (int(rng.integers(3, 8)),) if index % 2 else (int(rng.integers(1, 4)), int(rng.integers(3, 6)))
        ids = ids_of(rng, W.shape[0], shape)
        ids.flat[1] = 0
        backward(t, rng.normal(size=(*ids.shape, W.shape[1])), ids, W.shape[0],
                 hint="Each occurrence of an id adds its dout to that id's row. dW[ids] += dout writes a repeated "
                      "row only once (numpy buffers fancy indexing); np.add.at(dW, ids, dout) adds every one.")


@check("backward: dW has vocab_size rows, also when the largest ids never occur", points=1)
def backward_vocab(t):
    ids = np.array([[1, 4, 1], [0, 2, 4]])
    backward(t, t.rng.normal(size=(2, 3, 3)), ids, 9,
             hint="dW has the shape of W, (vocab_size, D): ids that do not occur get rows of zeros.")


@check("backward agrees with numerical gradients of the forward pass (random upstream gradient)", points=1)
def backward_numeric(t):
    for rng in t.trials(2):
        W = table(rng, v=6, d=3)
        ids = ids_of(rng, 6, (2, 4))
        dout = rng.normal(size=(2, 4, 3))
        # The lookup is linear in W: centred differences are exact up to rounding, so a large h is safe.
        expected = numeric_gradient(lambda v: t.reference("embedding_forward", ids, v), W, dout, h=1e-3)
        backward(t, dout, ids, 6, expected=expected, rtol=1e-6, against="numerical gradients")
