"""The optional real datasets: finding them in Keras' cache, saying how to fetch them, and loading them
exactly as Keras does, on small fixture files made here in the cache's own formats."""

from __future__ import annotations

import io
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

from tutor import dataset_cache
from tutor.helpers import datasets, real_datasets
from tutor.helpers.real_datasets import DatasetFileError

MNIST_SIZES = (12, 7)  # train, test
CIFAR_SIZES = {"data_batch_1": 3, "data_batch_2": 4, "data_batch_3": 2, "data_batch_4": 2, "data_batch_5": 2,
               "test_batch": 5}
IMDB_SIZES = (9, 6)


# --- fixture files, in the exact formats keras.datasets.*.load_data() leaves in the cache ---

def make_mnist(cache: Path, rng) -> dict:
    (train, test) = MNIST_SIZES
    arrays = {"x_train": rng.integers(0, 256, size=(train, 28, 28), dtype=np.uint8),
              "y_train": rng.integers(0, 10, size=train, dtype=np.uint8),
              "x_test": rng.integers(0, 256, size=(test, 28, 28), dtype=np.uint8),
              "y_test": rng.integers(0, 10, size=test, dtype=np.uint8)}
    arrays["x_train"][0, 0, 0], arrays["x_train"][0, 0, 1] = 0, 255  # both ends of the pixel range
    cache.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(cache / "mnist.npz", **arrays)
    return arrays


def make_cifar(cache: Path, rng, folder: str = "cifar-10-batches-py-target/cifar-10-batches-py") -> dict:
    """Pickled dicts with byte-string keys and (N, 3072) uint8 rows: red plane, green, blue."""
    target = cache / folder
    target.mkdir(parents=True, exist_ok=True)
    batches = {}
    for name, count in CIFAR_SIZES.items():
        batch = {b"batch_label": name.encode(), b"labels": [int(v) for v in rng.integers(0, 10, size=count)],
                 b"data": rng.integers(0, 256, size=(count, 3072), dtype=np.uint8),
                 b"filenames": [f"image_{i}.png".encode() for i in range(count)]}
        with open(target / name, "wb") as file:
            pickle.dump(batch, file, protocol=3)  # byte strings stay bytes, like the authors' Python 2 files
        batches[name] = batch
    return batches


def _object_array(lists) -> np.ndarray:
    array = np.empty(len(lists), dtype=object)  # 1-D even when the lists have equal lengths
    for i, item in enumerate(lists):
        array[i] = item
    return array


def make_imdb(cache: Path, rng) -> dict:
    """Reviews as lists of word ranks (1 = most frequent), some longer than 200 words, some with ranks
    past the 10,000-word vocabulary once shifted by 3, one empty."""
    def reviews(count):
        lengths = [int(n) for n in rng.integers(3, 320, size=count)]
        lengths[0], lengths[-1] = 0, 250
        result = []
        for length in lengths:
            words = rng.integers(1, 12000, size=length)
            words[: length // 4] = rng.integers(9990, 10010, size=length // 4)  # around the vocabulary's edge
            result.append([int(w) for w in words])
        return result

    train, test = IMDB_SIZES
    arrays = {"x_train": _object_array(reviews(train)), "y_train": rng.integers(0, 2, size=train),
              "x_test": _object_array(reviews(test)), "y_test": rng.integers(0, 2, size=test)}
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(cache / "imdb.npz", **arrays)
    return arrays


@pytest.fixture
def keras_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "keras-home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    return home


@pytest.fixture
def cache(keras_home) -> Path:
    return keras_home / "datasets"


@pytest.fixture
def rng():
    return np.random.default_rng(7)


# --- where the cache is, and what to say when a dataset is not there ---

def test_the_cache_is_where_keras_keeps_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    assert dataset_cache.cache_dir() == tmp_path / "kh" / "datasets"
    monkeypatch.delenv("KERAS_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert dataset_cache.cache_dir() == tmp_path / ".keras" / "datasets"


@pytest.mark.parametrize("name, path, command", [
    ("mnist", "mnist.npz", 'python -c "import keras; keras.datasets.mnist.load_data()"'),
    ("cifar10", "cifar-10-batches-py", 'python -c "import keras; keras.datasets.cifar10.load_data()"'),
    ("imdb", "imdb.npz", 'python -c "import keras; keras.datasets.imdb.load_data()"'),
])
def test_a_missing_dataset_says_where_it_looked_and_how_to_fetch_it(cache, name, path, command):
    reason = dataset_cache.missing(name)
    assert reason is not None
    assert str(cache / path) in reason
    assert command in reason
    assert "never downloads" in reason and "\n" not in reason
    with pytest.raises(FileNotFoundError, match="not in Keras' dataset cache"):
        dataset_cache.locate(name)


@pytest.mark.parametrize("name, make", [("mnist", make_mnist), ("cifar10", make_cifar), ("imdb", make_imdb)])
def test_a_cached_dataset_is_not_missing(cache, rng, name, make):
    make(cache, rng)
    assert dataset_cache.missing(name) is None


def test_other_datasets_are_never_missing(cache):
    assert dataset_cache.missing("iris") is None
    assert dataset_cache.missing("digits_images") is None


def test_cifar_is_found_in_both_layouts_keras_has_used(cache, rng):
    make_cifar(cache, rng, folder="cifar-10-batches-py")  # older Keras extracted it here
    assert dataset_cache.missing("cifar10") is None
    assert dataset_cache.locate("cifar10") == cache / "cifar-10-batches-py"


def test_a_partial_cifar_folder_is_missing(cache, rng):
    make_cifar(cache, rng)
    (cache / "cifar-10-batches-py-target/cifar-10-batches-py/test_batch").unlink()
    assert "test_batch" in dataset_cache.missing("cifar10")


def test_the_loaders_are_registered(cache, rng):
    assert {"mnist", "cifar10", "imdb"} <= set(datasets.LOADERS)
    assert set(dataset_cache.OPTIONAL) == {"mnist", "cifar10", "imdb"}
    make_mnist(cache, rng)
    assert datasets.load("mnist", 0)[0].shape == (MNIST_SIZES[0], 28, 28)


# --- MNIST ---

def test_mnist_official_split_scaled_to_unit_range(cache, rng):
    raw = make_mnist(cache, rng)
    x_train, y_train, x_test, y_test = real_datasets.mnist(0)
    assert x_train.shape == (MNIST_SIZES[0], 28, 28) and x_test.shape == (MNIST_SIZES[1], 28, 28)
    assert x_train.dtype == x_test.dtype == np.float32
    assert y_train.dtype.kind == y_test.dtype.kind == "i"
    assert x_train.min() == 0.0 and x_train.max() == 1.0
    np.testing.assert_allclose(x_train, raw["x_train"] / 255.0, rtol=1e-6)
    np.testing.assert_allclose(x_test, raw["x_test"] / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(y_train, raw["y_train"])
    np.testing.assert_array_equal(y_test, raw["y_test"])


def test_mnist_trains_on_the_first_images_and_tests_on_all(cache, rng, monkeypatch):
    raw = make_mnist(cache, rng)
    monkeypatch.setattr(real_datasets, "MNIST_TRAIN", 5)
    x_train, y_train, x_test, _ = real_datasets.mnist(0)
    np.testing.assert_array_equal(y_train, raw["y_train"][:5])
    assert len(x_train) == 5 and len(x_test) == MNIST_SIZES[1]


def test_mnist_agrees_with_keras(cache, rng, keras, keras_cache_at):
    make_mnist(cache, rng)
    keras_cache_at(cache.parent)
    (kx_train, ky_train), (kx_test, ky_test) = keras.datasets.mnist.load_data()
    x_train, y_train, x_test, y_test = real_datasets.mnist(0)
    np.testing.assert_allclose(x_train, kx_train / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(y_test, ky_test)


# --- CIFAR-10 ---

def test_cifar_images_are_channels_last_with_the_right_pixels(cache, rng):
    batches = make_cifar(cache, rng)
    x_train, y_train, x_test, y_test = real_datasets.cifar10(0)
    first, second = CIFAR_SIZES["data_batch_1"], CIFAR_SIZES["data_batch_2"]
    assert x_train.shape == (first + second, 32, 32, 3) and x_test.shape == (CIFAR_SIZES["test_batch"], 32, 32, 3)
    assert x_train.dtype == x_test.dtype == np.float32 and 0.0 <= x_train.min() and x_train.max() <= 1.0
    assert y_train.dtype.kind == "i" and y_train.shape == (first + second,)
    rows = batches["data_batch_2"][b"data"]
    for n, r, c, channel in [(0, 0, 0, 0), (1, 5, 17, 1), (3, 31, 2, 2), (2, 9, 30, 0)]:
        raw_value = rows[n, channel * 1024 + r * 32 + c]  # planes R, G, B; each row-major 32 × 32
        assert x_train[first + n, r, c, channel] == np.float32(raw_value / 255.0)
    np.testing.assert_array_equal(y_train, batches["data_batch_1"][b"labels"] + batches["data_batch_2"][b"labels"])
    np.testing.assert_array_equal(y_test, batches["test_batch"][b"labels"])


def test_cifar_batches_read_like_keras_reads_them(cache, rng, keras):
    from keras.src.datasets.cifar import load_batch

    make_cifar(cache, rng)
    folder = cache / "cifar-10-batches-py-target/cifar-10-batches-py"
    x_train, y_train, x_test, y_test = real_datasets.cifar10(0)
    keras_train = [load_batch(str(folder / f"data_batch_{i}")) for i in (1, 2)]
    keras_x = np.concatenate([x for x, _ in keras_train]).transpose(0, 2, 3, 1)  # as cifar10.load_data does
    np.testing.assert_allclose(x_train, keras_x / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(y_train, np.concatenate([y for _, y in keras_train]))
    kx_test, ky_test = load_batch(str(folder / "test_batch"))
    np.testing.assert_allclose(x_test, kx_test.transpose(0, 2, 3, 1) / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(y_test, ky_test)


# --- IMDB ---

@pytest.fixture
def keras_cache_at(keras, monkeypatch):
    """Point an already imported Keras at a fixture cache, and accept the fixture files' hashes
    (Keras would otherwise try to download the real files again: these tests are offline)."""
    from keras.src.backend import config
    from keras.src.utils import file_utils

    def point(home: Path) -> None:
        monkeypatch.setattr(config, "_KERAS_DIR", str(home))
        monkeypatch.setattr(file_utils, "validate_file", lambda *args, **kwargs: True)

    return point


def test_imdb_matches_keras_load_data_and_pad_sequences(cache, rng, keras, keras_cache_at, monkeypatch):
    make_imdb(cache, rng)
    keras_cache_at(cache.parent)
    (kx_train, ky_train), (kx_test, ky_test) = keras.datasets.imdb.load_data(num_words=10000)
    expected_train = keras.utils.pad_sequences(kx_train, maxlen=200)
    expected_test = keras.utils.pad_sequences(kx_test, maxlen=200)

    x_train, y_train, x_test, y_test = real_datasets.imdb(0)
    assert x_train.dtype == x_test.dtype == np.int32
    assert x_train.shape == (IMDB_SIZES[0], 200) and x_test.shape == (IMDB_SIZES[1], 200)
    np.testing.assert_array_equal(x_train, expected_train)
    np.testing.assert_array_equal(x_test, expected_test)
    np.testing.assert_array_equal(y_train, ky_train)
    np.testing.assert_array_equal(y_test, ky_test)
    assert x_train.max() < 10000 and (x_train == 2).any() and (x_train == 0).any()

    monkeypatch.setattr(real_datasets, "IMDB_TRAIN", 4)
    monkeypatch.setattr(real_datasets, "IMDB_TEST", 3)
    x_train, y_train, x_test, y_test = real_datasets.imdb(0)
    np.testing.assert_array_equal(x_train, expected_train[:4])  # the subset: Keras' first shuffled reviews
    np.testing.assert_array_equal(x_test, expected_test[:3])
    np.testing.assert_array_equal(y_train, ky_train[:4])


def test_imdb_by_hand(cache, monkeypatch):
    """A tiny case worked out by hand: ranks shift by 3 behind the start marker 1, ranks past the
    vocabulary become 2, zeros go in front, and a long review keeps its last words."""
    cache.mkdir(parents=True)
    np.savez(cache / "imdb.npz", x_train=_object_array([[1, 9996, 9997, 5], [4] * 7]), y_train=np.array([1, 0]),
             x_test=_object_array([[]]), y_test=np.array([0]))
    monkeypatch.setattr(real_datasets, "IMDB_MAXLEN", 6)
    x_train, y_train, x_test, _ = real_datasets.imdb(0)
    shuffled = np.random.RandomState(113).permutation(2)  # Keras' order
    expected = {0: [0, 1, 4, 9999, 2, 8], 1: [7, 7, 7, 7, 7, 7]}
    np.testing.assert_array_equal(x_train, [expected[i] for i in shuffled])
    np.testing.assert_array_equal(y_train, np.array([1, 0])[shuffled])
    np.testing.assert_array_equal(x_test, [[0, 0, 0, 0, 0, 1]])


@pytest.mark.parametrize("sequences, maxlen", [
    ([[1], [2, 3], [4, 5, 6]], 2), ([[1], [2, 3], [4, 5, 6]], 5), ([[], [7, 8]], 3), ([[9] * 4], 4),
])
def test_pad_sequences_is_keras_pad_sequences(keras, sequences, maxlen):
    expected = keras.utils.pad_sequences(sequences, maxlen=maxlen)
    got = real_datasets.pad_sequences(sequences, maxlen)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


# --- files that are not what Keras writes ---

class Gadget:
    def __reduce__(self):
        return (os.getpid, ())  # harmless here; a real attack would name os.system


def test_a_pickle_that_names_other_classes_is_refused(cache):
    cache.mkdir(parents=True)
    np.savez(cache / "imdb.npz", x_train=_object_array([[1, 2], Gadget()]), y_train=np.array([0, 1]),
             x_test=_object_array([[3]]), y_test=np.array([1]))
    with pytest.raises(DatasetFileError, match=r"imdb\.npz: .*refusing to load .*getpid"):
        real_datasets.imdb(0)


def test_a_cifar_batch_that_names_other_classes_is_refused(cache, rng):
    make_cifar(cache, rng)
    path = cache / "cifar-10-batches-py-target/cifar-10-batches-py/data_batch_1"
    path.write_bytes(pickle.dumps({b"data": Gadget(), b"labels": [1]}, protocol=3))
    with pytest.raises(DatasetFileError, match="data_batch_1: .*refusing to load"):
        real_datasets.cifar10(0)


def test_a_damaged_file_is_named_with_what_to_do(cache, rng):
    cache.mkdir(parents=True)
    (cache / "mnist.npz").write_bytes(b"not a zip file")
    with pytest.raises(DatasetFileError, match=r"mnist\.npz: not a dataset file Keras wrote.*fetch the dataset again"):
        real_datasets.mnist(0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x_train.npy", b"")
    (cache / "mnist.npz").write_bytes(buffer.getvalue())
    with pytest.raises(DatasetFileError, match="no array 'y_train'|not a dataset file"):
        real_datasets.mnist(0)


# --- the course ---

def test_the_real_data_exercises_use_these_datasets(real_course):
    wanted = {"mnist_dense": ("mnist", (28, 28), "optional"), "cifar_cnn": ("cifar10", (32, 32, 3), "recommended"),
              "imdb_lstm": ("imdb", (200,), "recommended")}
    for exercise_id, (dataset, shape, gpu) in wanted.items():
        exercise = real_course.get(exercise_id)
        assert exercise.chapter == "real_data" and exercise.mode == "architecture" and exercise.gpu == gpu
        assert exercise.training.dataset == dataset and exercise.training.input_shape == shape
        assert dataset in datasets.LOADERS and dataset in dataset_cache.OPTIONAL
    assert real_course.get("imdb_lstm").training.labels == "binary"
