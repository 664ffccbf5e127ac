"""A differently written correct solution of the padding_masking exercise (it must pass): rows
built as lists and stacked, the mean computed with np.where and a count clipped to 1."""

import numpy as np


def pad_sequences(seqs, maxlen=None, padding="pre", truncating="pre", value=0.0):
    if padding not in {"pre", "post"} or truncating not in {"pre", "post"}:
        raise ValueError("padding and truncating must be 'pre' or 'post'")
    if maxlen is None:
        maxlen = max((len(s) for s in seqs), default=0)
    rows = []
    for s in seqs:
        s = [float(v) for v in s]
        if len(s) > maxlen:
            s = s[len(s) - maxlen:] if truncating == "pre" else s[:maxlen]
        filler = [float(value)] * (maxlen - len(s))
        rows.append(filler + s if padding == "pre" else s + filler)
    return np.array(rows, dtype=np.float64).reshape(len(seqs), maxlen)


def masked_mean(x, mask):
    keep = np.asarray(mask).astype(bool)
    total = np.where(keep[:, :, None], x, 0.0).sum(axis=1)
    count = np.clip(keep.sum(axis=1, keepdims=True), 1, None)
    return total / count
