import numpy as np


def pad_sequences(seqs, maxlen=None, padding="pre", truncating="pre", value=0.0):
    if padding not in ("pre", "post"):
        raise ValueError(f'padding must be "pre" or "post", not {padding!r}')
    if truncating not in ("pre", "post"):
        raise ValueError(f'truncating must be "pre" or "post", not {truncating!r}')
    lengths = [len(s) for s in seqs]
    if maxlen is None:
        maxlen = max(lengths, default=0)
    out = np.full((len(seqs), maxlen), value, dtype=np.float64)
    for row, seq in zip(out, seqs):
        seq = np.asarray(seq, dtype=np.float64)
        if len(seq) == 0 or maxlen == 0:
            continue
        kept = seq[:maxlen] if truncating == "pre" else seq[-maxlen:]
        if padding == "pre":
            row[maxlen - len(kept):] = kept
        else:
            row[:len(kept)] = kept
    return out


def masked_mean(x, mask):
    x = np.asarray(x, dtype=np.float64)
    weights = np.asarray(mask, dtype=np.float64)[..., None]  # (N, T, 1): 1 for a real step
    total = np.sum(x * weights, axis=1)
    count = np.sum(weights, axis=1)
    return total / np.maximum(count, 1.0)  # a row with no real step gives zeros
