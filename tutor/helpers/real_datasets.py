"""MNIST, CIFAR-10 and IMDB read from Keras' download cache, as Keras prepares them (trusted helpers only).

dltutor never downloads them: ``tutor.dataset_cache`` says where Keras keeps them and, when they are
missing, how the learner can fetch them. These loaders reproduce with numpy (no Keras import) what
``keras.datasets.<name>.load_data()`` returns, plus ``keras.utils.pad_sequences`` for IMDB, and keep
the official train/test split. To fit a CPU budget they train on a fixed, documented subset:

- mnist: the first 20,000 of the 60,000 training images, all 10,000 test images; (28, 28) float32
  pixels in [0, 1], labels 0–9.
- cifar10: ``data_batch_1`` and ``data_batch_2`` (the first 20,000 of the 50,000 training images),
  the 10,000 images of ``test_batch``; (32, 32, 3) float32 in [0, 1] (channels last), labels 0–9.
- imdb: ``load_data(num_words=10000)`` (Keras' shuffle with seed 113, 1 marks the start, 2 a word
  outside the 10,000 most frequent, word ranks shifted by 3) then ``pad_sequences(maxlen=200)``
  (zeros in front, long reviews keep their last 200 words); the first 10,000 of the 25,000 training
  reviews and the first 10,000 of the 25,000 test reviews (each about half positive); int32 word
  indices, labels 0 (negative) / 1 (positive).

Every loader returns ``(x_train, y_train, x_test, y_test)`` like ``tutor.helpers.datasets``; the
seed is unused (the split is the official one).
"""

from __future__ import annotations

import io
import pickle
import zipfile
from pathlib import Path

import numpy as np

from tutor.dataset_cache import CIFAR_FILES, locate

MNIST_TRAIN = 20_000
CIFAR_TRAIN_BATCHES = CIFAR_FILES[:2]  # 2 × 10,000 images
CIFAR_TEST_BATCH = CIFAR_FILES[2]
IMDB_TRAIN, IMDB_TEST = 10_000, 10_000
IMDB_NUM_WORDS, IMDB_MAXLEN = 10_000, 200
IMDB_SEED, IMDB_START, IMDB_OOV, IMDB_INDEX_FROM = 113, 1, 2, 3  # keras.datasets.imdb.load_data's defaults


class DatasetFileError(ValueError):
    """A cached file is not in the format Keras writes; the message says which file and what to do."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}. Delete it and fetch the dataset again with Keras.")


class _NumpyArraysOnly(pickle.Unpickler):
    """Rebuilds numpy arrays, lists, dicts, numbers and strings, and refuses every other class, the
    same restriction Keras' own loaders apply (keras/src/datasets/npz_utils.py), so a tampered
    cache file cannot run code through a pickle."""

    ALLOWED = frozenset({("numpy", "ndarray"), ("numpy", "dtype"),
                         ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct")})

    def find_class(self, module, name):
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load {module}.{name} from a dataset file")


def _load_npz(path: Path, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The arrays ``names`` of an .npz file; object arrays (IMDB's ragged lists) only through
    ``_NumpyArraysOnly``, never ``np.load(allow_pickle=True)``."""
    arrays = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for name in names:
                with archive.open(f"{name}.npy") as member:
                    buffer = io.BytesIO(member.read())
                try:
                    arrays[name] = np.lib.format.read_array(buffer, allow_pickle=False)
                except ValueError:  # an object array: skip the header, then the restricted unpickler
                    buffer.seek(0)
                    major, _ = np.lib.format.read_magic(buffer)
                    if major == 1:
                        np.lib.format.read_array_header_1_0(buffer)
                    else:
                        np.lib.format.read_array_header_2_0(buffer)
                    arrays[name] = _NumpyArraysOnly(buffer).load()
    except KeyError as exc:
        raise DatasetFileError(path, f"no array {exc.args[0].removesuffix('.npy')!r} in it") from None
    except (zipfile.BadZipFile, pickle.UnpicklingError, EOFError, ValueError) as exc:
        raise DatasetFileError(path, f"not a dataset file Keras wrote ({exc})") from None
    return arrays


def mnist(seed: int):
    path = locate("mnist") / "mnist.npz"
    data = _load_npz(path, ("x_train", "y_train", "x_test", "y_test"))
    if data["x_train"].shape[1:] != (28, 28) or data["x_test"].shape[1:] != (28, 28):
        raise DatasetFileError(path, f"images of shape {data['x_train'].shape[1:]}, not (28, 28)")
    x_train = (data["x_train"][:MNIST_TRAIN] / 255.0).astype("float32")
    x_test = (data["x_test"] / 255.0).astype("float32")
    return x_train, data["y_train"][:MNIST_TRAIN].astype("int64"), x_test, data["y_test"].astype("int64")


def _cifar_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """One CIFAR-10 batch: a pickled dict made by the dataset's authors (Python 2 byte-string keys),
    read here in the trusted helper exactly as Keras itself reads it (keras/src/datasets/cifar.py,
    the same restricted unpickler); nothing that came out of a sandbox is ever unpickled."""
    try:
        with open(path, "rb") as file:
            batch = _NumpyArraysOnly(file, encoding="bytes").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as exc:
        raise DatasetFileError(path, f"not a CIFAR-10 batch ({exc})") from None
    if not isinstance(batch, dict) or b"data" not in batch or b"labels" not in batch:
        raise DatasetFileError(path, "not a CIFAR-10 batch (no data and labels in it)")
    data = np.asarray(batch[b"data"], dtype="uint8")
    if data.ndim != 2 or data.shape[1] != 3 * 32 * 32:
        raise DatasetFileError(path, f"rows of shape {data.shape[1:]}, not 3,072 values (3 × 32 × 32)")
    # each row is the red plane, then green, then blue, each 32 rows of 32 pixels: to NHWC
    images = data.reshape(len(data), 3, 32, 32).transpose(0, 2, 3, 1)
    return images, np.asarray(batch[b"labels"], dtype="int64")


def cifar10(seed: int):
    folder = locate("cifar10")
    train = [_cifar_batch(folder / name) for name in CIFAR_TRAIN_BATCHES]
    x_test, y_test = _cifar_batch(folder / CIFAR_TEST_BATCH)
    x_train = np.concatenate([x for x, _ in train])
    y_train = np.concatenate([y for _, y in train])
    return (x_train / 255.0).astype("float32"), y_train, (x_test / 255.0).astype("float32"), y_test


def pad_sequences(sequences, maxlen: int) -> np.ndarray:
    """``keras.utils.pad_sequences(sequences, maxlen)`` for lists of ints: int32, zeros in front,
    and a longer sequence keeps its last ``maxlen`` items ("pre" padding and truncating)."""
    out = np.zeros((len(sequences), maxlen), dtype="int32")
    for row, sequence in enumerate(sequences):
        kept = np.asarray(sequence[-maxlen:], dtype="int32")
        if len(kept):
            out[row, maxlen - len(kept):] = kept
    return out


def _imdb_words(reviews) -> list[np.ndarray]:
    """What ``keras.datasets.imdb.load_data(num_words=10000)`` makes of each review: the start
    marker, then each word rank shifted by ``IMDB_INDEX_FROM``; any index ≥ num_words becomes the
    out-of-vocabulary marker (the start marker included, like Keras, were num_words tiny)."""
    processed = []
    for review in reviews:
        words = np.concatenate([[IMDB_START], np.asarray(review, dtype="int64") + IMDB_INDEX_FROM])
        processed.append(np.where(words < IMDB_NUM_WORDS, words, IMDB_OOV))
    return processed


def imdb(seed: int):
    path = locate("imdb") / "imdb.npz"
    data = _load_npz(path, ("x_train", "y_train", "x_test", "y_test"))
    # Keras shuffles the training reviews, then the test reviews, with one RandomState(113)
    rng = np.random.RandomState(IMDB_SEED)
    order = {}
    for part in ("train", "test"):
        if len(data[f"x_{part}"]) != len(data[f"y_{part}"]):
            raise DatasetFileError(path, f"{len(data[f'x_{part}'])} {part} reviews but {len(data[f'y_{part}'])} labels")
        order[part] = np.arange(len(data[f"x_{part}"]))
        rng.shuffle(order[part])
    train, test = order["train"][:IMDB_TRAIN], order["test"][:IMDB_TEST]
    x_train = pad_sequences(_imdb_words(data["x_train"][train]), IMDB_MAXLEN)
    x_test = pad_sequences(_imdb_words(data["x_test"][test]), IMDB_MAXLEN)
    return x_train, data["y_train"][train].astype("int64"), x_test, data["y_test"][test].astype("int64")
