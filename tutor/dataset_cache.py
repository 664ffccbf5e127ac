"""Where Keras caches downloaded datasets, and whether the optional real ones are there (never downloads).

dltutor is offline: MNIST, CIFAR-10 and IMDB are used only when the learner's Keras has already
downloaded them. The cache is found the way Keras finds it (keras/src/backend/config.py and
``keras.utils.get_file``): ``$KERAS_HOME/datasets`` when KERAS_HOME is set, else
``~/.keras/datasets`` (``/tmp/.keras/datasets`` when the home folder is not writable). The files
are the ones ``keras.datasets.<name>.load_data()`` leaves there:

- mnist: ``mnist.npz`` (x_train, y_train, x_test, y_test);
- cifar10: the extracted ``cifar-10-batches-py`` folder of pickled batches; recent Keras 3 releases
  (3.15 here) extract it inside ``cifar-10-batches-py-target/``, older ones directly in the cache
  folder (both are found);
- imdb: ``imdb.npz`` (object arrays of word-index lists, and labels).

The trusted loaders that read them live in ``tutor.helpers.real_datasets``. What they read decides
the held-out labels, so the cache is used only when it is the grader's own: every folder from
Keras' home down and every file belongs to the grader's user (or root) and no one else may write
it. A cache planted by someone else (the ``/tmp/.keras`` fallback, a shared folder) is refused
with the reason, as if the data were missing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CIFAR_FOLDER = "cifar-10-batches-py"
CIFAR_FILES = ("data_batch_1", "data_batch_2", "test_batch")  # the batches dltutor reads (20,000 + 10,000)


@dataclass(frozen=True)
class OptionalDataset:
    """A real dataset read from Keras' cache; ``layouts`` are alternatives, each a tuple of paths
    (relative to ``cache_dir()``) that must all exist."""

    title: str
    layouts: tuple[tuple[str, ...], ...]
    fetch: str  # the one-line command that downloads it with Keras (online: the learner's choice)
    download: str  # its download size, for the message

    def present(self, cache: Path) -> tuple[str, ...] | None:
        """The first layout whose files are all in ``cache``, or None."""
        for layout in self.layouts:
            if all((cache / name).is_file() for name in layout):
                return layout
        return None


def _fetch(name: str) -> str:
    return f'python -c "import keras; keras.datasets.{name}.load_data()"'


OPTIONAL: dict[str, OptionalDataset] = {
    "mnist": OptionalDataset("MNIST", (("mnist.npz",),), _fetch("mnist"), "11 MB"),
    "cifar10": OptionalDataset(
        "CIFAR-10",
        (tuple(f"cifar-10-batches-py-target/{CIFAR_FOLDER}/{f}" for f in CIFAR_FILES),  # recent Keras 3
         tuple(f"{CIFAR_FOLDER}/{f}" for f in CIFAR_FILES)),  # older Keras
        _fetch("cifar10"), "163 MB"),
    "imdb": OptionalDataset("IMDB", (("imdb.npz",),), _fetch("imdb"), "17 MB"),
}


def keras_home() -> Path:
    """Keras' own folder, as ``keras.src.backend.config`` decides it."""
    if "KERAS_HOME" in os.environ:
        return Path(os.environ["KERAS_HOME"]).expanduser()
    home = os.path.expanduser("~")
    if not os.access(home, os.W_OK):
        home = "/tmp"
    return Path(home) / ".keras"


def cache_dir() -> Path:
    """The folder where ``keras.datasets.*.load_data()`` keeps its downloads."""
    return keras_home() / "datasets"


def locate(name: str) -> Path:
    """The folder holding ``name``'s files (for the trusted loaders); FileNotFoundError with the
    reason of ``missing()`` when they are not there."""
    if reason := missing(name):
        raise FileNotFoundError(reason)
    dataset, cache = OPTIONAL[name], cache_dir()
    layout = dataset.present(cache)
    if layout is None:  # removed since missing() looked
        raise FileNotFoundError(f"{dataset.title} is no longer in {cache}")
    return cache / Path(layout[0]).parent


def untrusted(paths) -> str | None:
    """Why the first of ``paths`` that someone other than the grader could have written is not
    trusted, or None when every one belongs to the grader (or root) and only its owner may write it."""
    me = os.geteuid()
    for path in paths:
        try:
            info = os.stat(path)
        except OSError as exc:
            return f"{path} cannot be read ({exc.strerror or exc})"
        if info.st_uid not in (me, 0):
            return f"{path} belongs to another user (uid {info.st_uid})"
        if info.st_mode & 0o022:
            return f"others may write {path} (mode {info.st_mode & 0o777:o})"
    return None


def _chain(cache: Path, layout: tuple[str, ...]) -> list[Path]:
    """Keras' home, the cache folder, and every folder and file of ``layout`` below it."""
    paths = [keras_home(), cache]
    for name in layout:
        parts = Path(name).parts
        paths += [cache.joinpath(*parts[: i + 1]) for i in range(len(parts))]
    return list(dict.fromkeys(paths))


def missing(name: str) -> str | None:
    """None when ``name`` is not an optional dataset or its files are in Keras' cache and are the
    grader's own; otherwise a sentence for the learner saying what is wrong and what to do."""
    dataset = OPTIONAL.get(name)
    if dataset is None:
        return None
    cache = cache_dir()
    if (layout := dataset.present(cache)) is not None:
        if why := untrusted(_chain(cache, layout)):
            return (f"{dataset.title} in {cache} is not used: {why}. dltutor reads a dataset cache only "
                    "when it belongs to you alone; fetch the data into a cache of your own "
                    f"(KERAS_HOME) with:  {dataset.fetch}")
        return None
    wanted = " or ".join(str(cache / _describe(layout)) for layout in dataset.layouts)
    where = f" in a shell where KERAS_HOME={os.environ['KERAS_HOME']}" if "KERAS_HOME" in os.environ else ""
    return (f"{dataset.title} is not in Keras' dataset cache: {wanted} not found. dltutor never downloads "
            f"data; to fetch it once ({dataset.download}, needs the internet), run{where}:  {dataset.fetch}  "
            "then check again.")


def _describe(layout: tuple[str, ...]) -> str:
    if len(layout) == 1:
        return layout[0]
    folder = Path(layout[0]).parent
    return f"{folder}/{{{','.join(Path(p).name for p in layout)}}}"
