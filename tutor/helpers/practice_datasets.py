"""The offline datasets of chapter 6, "Keras in practice" (trusted helpers only), with fixed splits.

Tabular regression (scikit-learn's bundled diabetes set, a generated Friedman #1 set), the digits
0–4 and 5–9 for transfer learning, the digits with few training rows for augmentation, a
character-level text the course ships (``texts/fables.txt``) and generated reviews, padded to one
length. Generated data takes a seed the sandbox never sees. Every loader returns
``(x_train, y_train, x_test, y_test)``; the trainer takes its validation rows from the training
split, never from the test split.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tutor.helpers.dataset_prep import SHIFT, bundled_digits, fixed_split, shift_images, standardize

TEXT_PATH = Path(__file__).with_name("texts") / "fables.txt"
ALPHABET = "\n !',-.:;?abcdefghijklmnopqrstuvwxyz"  # every character of the text, id = index
WINDOW = 40  # char_text: characters of context per example
STRIDE = 2  # char_text: one window every this many characters
TEXT_TEST = 0.15  # char_text: the last 15% of the text is held out, whole
TRANSFER_TRAIN = 0.1  # digits_transfer: share of the digits 5–9 the head learns from
FEW_PER_CLASS = 20  # digits_few: training images per digit
BASE_DRAW = 0  # the fixed shift draw the pre-trained base learns from (whatever the exercise's seed)


def _regression(x, y):
    """Split 25% off, unstratified; features and target standardized with the training rows' statistics."""
    x_train, x_test, y_train, y_test = fixed_split(x, y.astype("float64"), stratify=False)
    x_train, x_test = standardize(x_train, x_test)
    mean, std = y_train.mean(), y_train.std()
    return (x_train, ((y_train - mean) / std).astype("float32")[:, None], x_test,
            ((y_test - mean) / std).astype("float32")[:, None])


def diabetes(seed: int):
    """scikit-learn's bundled diabetes set: 442 patients, 10 measurements, a disease score a year on.
    The same rows whatever the seed: the seeds vary the training alone."""
    from sklearn.datasets import load_diabetes  # noqa: PLC0415  (scikit-learn loads only when a dataset is loaded)

    data = load_diabetes()
    return _regression(data.data, data.target)


FRIEDMAN_ROWS, FRIEDMAN_NOISE, FRIEDMAN_DRAW = 600, 0.5, 11


def friedman(seed: int):
    """Friedman #1: y = 10·sin(π·x1·x2) + 20·(x3 − 0.5)² + 10·x4 + 5·x5 + noise, with 5 more features
    of pure noise; one fixed draw, so the seeds vary the training alone."""
    from sklearn.datasets import make_friedman1  # noqa: PLC0415  (scikit-learn loads only when a dataset is loaded)

    x, y = make_friedman1(n_samples=FRIEDMAN_ROWS, n_features=10, noise=FRIEDMAN_NOISE, random_state=FRIEDMAN_DRAW)
    return _regression(x, y)


def _digit_images(seed: int):
    images, labels = bundled_digits()
    return shift_images(images, np.random.default_rng(seed), SHIFT)[..., None].astype("float32"), labels


def digits_base(seed: int = BASE_DRAW):
    """What the pre-trained base learns from: every digit 0–4 (about 900 images), moved by up to a pixel."""
    images, labels = _digit_images(seed)
    keep = labels < 5
    return images[keep], labels[keep]


def digits_transfer(seed: int):
    """The digits 5–9 (labels 0–4 = digits 5–9), moved by up to a pixel: 10% to train on (about 90
    images), the rest held out. The pre-trained base never saw a 5–9."""
    from sklearn.model_selection import train_test_split  # noqa: PLC0415  (scikit-learn loads only when a dataset is loaded)

    images, labels = _digit_images(seed)
    keep = labels >= 5
    x_train, x_test, y_train, y_test = train_test_split(
        images[keep], labels[keep] - 5, train_size=TRANSFER_TRAIN, random_state=42, stratify=labels[keep])
    return x_train, y_train, x_test, y_test


def digits_few(seed: int):
    """All ten digits: ``FEW_PER_CLASS`` images of each to train on, centred as they were scanned, and
    the rest (about 1,600) held out, each moved by up to a pixel (a seeded draw). So few examples
    show one place only; the world the model is tested on moves them about, as augmentation does."""
    from sklearn.model_selection import train_test_split  # noqa: PLC0415  (scikit-learn loads only when a dataset is loaded)

    images, labels = bundled_digits()
    x_train, x_test, y_train, y_test = train_test_split(
        images, labels, train_size=10 * FEW_PER_CLASS, random_state=42, stratify=labels)
    moved = shift_images(x_test, np.random.default_rng(seed), SHIFT)
    return x_train[..., None], y_train, moved[..., None].astype("float32"), y_test


def text() -> str:
    """The course's text, as the model reads it: lower case, one space between words, the alphabet only."""
    raw = TEXT_PATH.read_text(encoding="utf-8").lower()
    paragraphs = [" ".join(p.split()) for p in raw.split("\n\n") if p.strip()]
    joined = "\n".join(paragraphs) + "\n"
    return "".join(c for c in joined if c in ALPHABET)


def encode(chars: str) -> np.ndarray:
    return np.array([ALPHABET.index(c) for c in chars], dtype="int32")


def _windows(ids: np.ndarray):
    starts = np.arange(0, len(ids) - WINDOW, STRIDE)
    return np.stack([ids[s:s + WINDOW] for s in starts]), ids[starts + WINDOW]


def char_text(seed: int):
    """Windows of ``WINDOW`` characters and the character after each; the first 85% of the text to
    train on, the last 15% held out whole (no window of it was seen while training)."""
    ids = encode(text())
    cut = int(len(ids) * (1 - TEXT_TEST))
    x_train, y_train = _windows(ids[:cut])
    x_test, y_test = _windows(ids[cut:])
    return x_train, y_train, x_test, y_test


def prompt() -> str:
    """Where the trainer's sample of generated text starts: the first window of the held-out text."""
    chars = text()
    cut = int(len(chars) * (1 - TEXT_TEST))
    start = chars.index(" ", cut) + 1
    return chars[start:start + WINDOW]


# reviews: word ids. 0 pads; then the sentiment words, "not", and neutral words.
REVIEW_LENGTH, REVIEW_COUNT, VOCABULARY = 30, 1600, 100
GOOD, BAD, NOT = range(1, 9), range(9, 17), 17
NEUTRAL = range(18, VOCABULARY)


def reviews(seed: int):
    """Generated reviews of 8 to 30 words, padded with 0 at the end to 30: mostly neutral words, a
    few sentiment words, some of them negated ("not good"). The label (1: positive) is the sign of
    the sum of their polarities, a negation flipping the word after it; ties are not drawn."""
    rng = np.random.default_rng(seed)
    x = np.zeros((REVIEW_COUNT, REVIEW_LENGTH), dtype="int32")
    y = np.zeros(REVIEW_COUNT, dtype="float32")
    for i in range(REVIEW_COUNT):
        length = int(rng.integers(8, REVIEW_LENGTH + 1))
        words = rng.choice(NEUTRAL, size=length)
        while True:
            count = int(rng.integers(1, 5))
            polarity = rng.choice([-1, 1], size=count)
            negated = rng.random(count) < 0.4
            score = int(np.sum(np.where(negated, -polarity, polarity)))
            if score != 0:
                break
        places = np.sort(rng.choice(np.arange(1, length), size=count, replace=False))
        if np.any(np.diff(places) < 2) and count > 1:  # keep "not" and its word apart from the next
            places = np.sort(rng.choice(np.arange(1, length, 2), size=count, replace=False))
        for place, sign, flipped in zip(places, polarity, negated):
            words[place] = rng.choice(GOOD if sign > 0 else BAD)
            if flipped:
                words[place - 1] = NOT
        x[i, :length] = words
        y[i] = float(score > 0)
    x_train, x_test, y_train, y_test = fixed_split(x, y, stratify=False)
    return x_train, y_train, x_test, y_test


LOADERS = {"diabetes": diabetes, "friedman": friedman, "digits_transfer": digits_transfer,
           "digits_few": digits_few, "char_text": char_text, "reviews": reviews}


def sample(model, length: int, seed: int, temperature: float = 0.5) -> str:
    """Text the trained ``model`` writes after the held-out prompt, one character at a time, each drawn
    (seeded) from its predicted probabilities sharpened by ``temperature``: the prompt, then ``length``
    characters of the alphabet (nothing else can come out)."""
    rng = np.random.default_rng(seed)
    start = prompt()
    context = list(encode(start))
    written = []
    for _ in range(length):
        probabilities = np.asarray(model(np.array([context[-WINDOW:]], dtype="int32"), training=False))[0]
        logits = np.log(np.clip(probabilities.astype("float64"), 1e-12, 1.0)) / temperature
        weights = np.exp(logits - logits.max())
        chosen = int(rng.choice(len(weights), p=weights / weights.sum()))
        written.append(chosen)
        context.append(chosen)
    return start + "".join(ALPHABET[i] for i in written if i < len(ALPHABET))
