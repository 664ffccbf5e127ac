"""The shared steps of the offline datasets (trusted helpers only): the fixed split, standardizing
with the training rows' statistics, the bundled 8×8 digits, and shifting images about."""

from __future__ import annotations

import numpy as np

TEST_SIZE, SPLIT_SEED = 0.25, 42
SHIFT = 1  # digits_images: each image moved by up to this many pixels, across and down


def fixed_split(x, y, stratify: bool = True, test_size=TEST_SIZE):
    from sklearn.model_selection import train_test_split  # noqa: PLC0415  (scikit-learn loads only when a dataset is loaded)

    return train_test_split(x, y, test_size=test_size, random_state=SPLIT_SEED,
                            stratify=y if stratify else None)


def standardize(x_train, x_test):
    mean, std = x_train.mean(axis=0), x_train.std(axis=0) + 1e-8
    return ((x_train - mean) / std).astype("float32"), ((x_test - mean) / std).astype("float32")


def bundled_digits():
    from sklearn.datasets import load_digits  # noqa: PLC0415  (scikit-learn loads only when a dataset is loaded)

    data = load_digits()
    return (data.images / 16.0).astype("float32"), data.target


def shift_images(images, rng, most: int):
    """Each image moved by its own random offset of up to ``most`` pixels on each axis, zero-filled:
    the same strokes in another place, which a convolution finds anywhere and a Dense layer must
    learn again for every place."""
    padded = np.pad(images, ((0, 0), (most, most), (most, most)))
    rows, cols = images.shape[1:]
    offsets = rng.integers(0, 2 * most + 1, size=(len(images), 2))
    return np.stack([padded[i, r:r + rows, c:c + cols] for i, (r, c) in enumerate(offsets)])
