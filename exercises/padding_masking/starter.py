"""Padding variable-length sequences into one array, and a mean over the real time steps only."""

import numpy as np


def pad_sequences(seqs, maxlen=None, padding="pre", truncating="pre", value=0.0):
    """Return a float64 array of shape (len(seqs), maxlen), like keras.utils.pad_sequences.

    seqs: a list of sequences (lists of numbers), possibly of different lengths, possibly empty.
    maxlen: the length of every row; None means the length of the longest sequence.
    padding: "pre" puts the padding before the values, "post" after them.
    truncating: for sequences longer than maxlen, "pre" drops values from the start (keeps the last
        maxlen), "post" drops them from the end (keeps the first maxlen).
    value: the number that fills the padded places.
    Any other padding or truncating raises ValueError.
    """
    # TODO: check padding and truncating
    # TODO: maxlen from the longest sequence when it is None
    # TODO: an array full of value, then copy each (truncated) sequence into its row
    raise NotImplementedError("write pad_sequences()")


def masked_mean(x, mask):
    """Return the mean of x over time, counting the real time steps only; shape (N, F).

    x: shape (N, T, F); mask: shape (N, T), True (or 1) for a real step, False (or 0) for padding.
    A row with no real step at all gives zeros.
    """
    # TODO: zero the padded steps, sum over time, divide by the number of real steps
    raise NotImplementedError("write masked_mean()")
