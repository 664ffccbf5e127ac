"""The offline datasets of the training exercises, with fixed splits (trusted helpers only).

Bundled scikit-learn sets and generated sequences; generated ones take a seed the sandbox never
sees. Every loader returns ``(x_train, y_train, x_test, y_test)`` as float32 / int arrays.
"""

from __future__ import annotations

import numpy as np

from tutor.helpers.dataset_prep import SHIFT, bundled_digits, fixed_split, shift_images, standardize
from tutor.helpers.practice_datasets import LOADERS as PRACTICE


def iris(seed: int):
    from sklearn.datasets import load_iris  # noqa: PLC0415  (scikit-learn loads only when a dataset is loaded)

    data = load_iris()
    x_train, x_test, y_train, y_test = fixed_split(data.data, data.target)
    x_train, x_test = standardize(x_train, x_test)
    return x_train, y_train, x_test, y_test


def breast_cancer(seed: int):
    from sklearn.datasets import load_breast_cancer  # noqa: PLC0415  (scikit-learn loads only when a dataset is loaded)

    data = load_breast_cancer()
    x_train, x_test, y_train, y_test = fixed_split(data.data, data.target)
    x_train, x_test = standardize(x_train, x_test)
    return x_train, y_train.astype("float32"), x_test, y_test.astype("float32")


CLASSIFICATION_TRAIN, CLASSIFICATION_TEST = 300, 1500
CLASSIFICATION_DRAW = 7  # one fixed draw: the seeds of a calibration then vary the training alone


def classification(seed: int):
    """Few rows, many features: 300 features of which 5 carry the class (3 classes), 300 rows to
    train on and 1,500 held out. A network with thousands of weights can fit 300 rows through the
    295 noise features alone; that is what Dropout and L2 are for. The same draw whatever the seed
    (a make_classification draw is a problem of its own difficulty, which would swamp the effect)."""
    from sklearn.datasets import make_classification  # noqa: PLC0415  (scikit-learn loads only when a dataset is loaded)

    x, y = make_classification(n_samples=CLASSIFICATION_TRAIN + CLASSIFICATION_TEST, n_features=300,
                               n_informative=5, n_redundant=0, n_classes=3, n_clusters_per_class=1,
                               flip_y=0.02, class_sep=1.0, random_state=CLASSIFICATION_DRAW)
    x_train, x_test, y_train, y_test = fixed_split(x, y, test_size=CLASSIFICATION_TEST)
    x_train, x_test = standardize(x_train, x_test)
    return x_train, y_train, x_test, y_test


CANVAS_ROWS = 16  # digits_rows: each digit's 8 rows start somewhere in a strip this tall


def digits_images(seed: int):
    """The 8×8 digits, each shifted by up to one pixel (a seeded draw), with a channel axis."""
    images, labels = bundled_digits()
    shifted = shift_images(images, np.random.default_rng(seed), SHIFT)
    x_train, x_test, y_train, y_test = fixed_split(shifted[..., None], labels)
    return x_train, y_train, x_test, y_test


def digits_rows(seed: int):
    """The digits as sequences of rows: the 8 rows of each digit start at a random step (a seeded draw)
    of a strip of ``CANVAS_ROWS`` rows, the rest blank, so the same digit comes early or late."""
    images, labels = bundled_digits()
    rng = np.random.default_rng(seed)
    strips = np.zeros((len(images), CANVAS_ROWS, images.shape[2]), dtype="float32")
    for i, start in enumerate(rng.integers(0, CANVAS_ROWS - images.shape[1] + 1, size=len(images))):
        strips[i, start:start + images.shape[1]] = images[i]
    x_train, x_test, y_train, y_test = fixed_split(strips, labels)
    return x_train, y_train, x_test, y_test


def digits_autoencoder(seed: int):
    images, labels = bundled_digits()
    flat = images.reshape(len(images), -1)
    x_train, x_test, _, _ = fixed_split(flat, labels)
    return x_train, x_train, x_test, x_test


def waves(seed: int, count: int = 1200, steps: int = 40):
    """Sine (0), square (1) and sawtooth (2) waves of random frequency, phase, amplitude and noise."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, size=count)
    t = np.arange(steps)[None, :]
    frequency = rng.uniform(0.03, 0.12, size=(count, 1))
    phase = rng.uniform(0, 1, size=(count, 1))
    amplitude = rng.uniform(0.5, 1.5, size=(count, 1))
    cycle = (frequency * t + phase) % 1.0
    shapes = np.stack([np.sin(2 * np.pi * cycle), np.where(cycle < 0.5, 1.0, -1.0), 2 * cycle - 1])
    x = amplitude * shapes[labels, np.arange(count)] + rng.normal(0, 0.15, size=(count, steps))
    x_train, x_test, y_train, y_test = fixed_split(x[..., None].astype("float32"), labels)
    return x_train, y_train, x_test, y_test


def sine_forecast(seed: int, count: int = 1500, steps: int = 30):
    """Windows of a two-sine mixture with noise; the target is the next value."""
    rng = np.random.default_rng(seed)
    t = np.arange(steps + 1)[None, :] + rng.uniform(0, 100, size=(count, 1))
    f1, f2 = rng.uniform(0.05, 0.15, size=(count, 1)), rng.uniform(0.15, 0.3, size=(count, 1))
    series = 0.6 * np.sin(2 * np.pi * f1 * t) + 0.3 * np.sin(2 * np.pi * f2 * t)
    series += rng.normal(0, 0.03, size=series.shape)
    x, y = series[:, :steps, None].astype("float32"), series[:, steps:].astype("float32")
    x_train, x_test, y_train, y_test = fixed_split(x, y, stratify=False)
    return x_train, y_train, x_test, y_test


LOADERS = {
    "iris": iris, "breast_cancer": breast_cancer, "classification": classification,
    "digits_images": digits_images, "digits_rows": digits_rows, "digits_autoencoder": digits_autoencoder,
    "waves": waves, "sine_forecast": sine_forecast,
}


def load(name: str, seed: int):
    loaders = {**LOADERS, **PRACTICE}
    if name not in loaders:
        raise KeyError(f"unknown dataset {name!r} (known: {', '.join(loaders)})")
    return loaders[name](seed)


# The optional real datasets, read from Keras' download cache when it has them (tutor.dataset_cache).
from tutor.helpers.real_datasets import cifar10, imdb, mnist  # noqa: E402

LOADERS.update(mnist=mnist, cifar10=cifar10, imdb=imdb)
