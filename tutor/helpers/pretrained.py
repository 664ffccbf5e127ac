"""Pre-trained bases the trusted trainer provides (trusted helpers only): pre-trained here, cached per
course version in the grader's own cache, and put into a learner's model where it holds the base
under the reserved name ``dltutor_pretrained_<name>``. The weights never reach a sandbox.

The learner's model describes the base's architecture (the starter's ``pretrained_base()``); the
trainer accepts it only when its layers are exactly the base's (names and ``trainable`` aside), and
after rebuilding the model loads the cached weights into it. The cache is the grader's: a folder of
its own user that no one else may write (``$DLTUTOR_CACHE_DIR``, else the platform's user cache
folder), weights saved as ``.npz`` (read with ``allow_pickle=False``) beside their SHA-256; a file
that fails its checksum is trained again.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tutor import locations
from tutor.helpers import practice_datasets
from tutor.helpers.config_allowlist import PRETRAINED_PREFIX

CACHE_ENV = locations.PRETRAINED_CACHE_ENV
RECIPE = 2  # bump when a base's architecture or training changes: its cache is then trained again


@dataclass(frozen=True)
class Base:
    name: str
    classes: int  # the head it is pre-trained with
    epochs: int
    batch_size: int
    learning_rate: float
    draws: int = 1  # shifted copies of its data it learns from: features that hold under a pixel's move
    dropout: float = 0.0  # before its head: features that do not lean on a few units, so another head can use them
    seed: int = 0


# Recipe 2 (four draws, dropout 0.5): a linear head on the frozen base reads the digits 5–9 about 0.04
# better than recipe 1's base, enough that transfer beats the same network trained from scratch.
BASES = {"digits": Base("digits", classes=5, epochs=10, batch_size=32, learning_rate=0.003, draws=4, dropout=0.5)}


def reserved(name: str) -> str:
    return PRETRAINED_PREFIX + name


def architecture(keras, name: str):
    """A base's architecture with fresh weights (what ``pretrained_base()`` in the starter builds)."""
    if name != "digits":
        raise KeyError(f"no pre-trained base {name!r} (known: {', '.join(BASES)})")
    L = keras.layers
    return keras.Sequential([
        keras.Input(shape=(8, 8, 1)),
        L.Conv2D(16, 3, padding="same", activation="relu"),
        L.MaxPooling2D(2),
        L.Conv2D(32, 3, padding="same", activation="relu"),
        L.MaxPooling2D(2),
        L.Flatten(),
    ], name=reserved(name))


def _plain(keras, model) -> dict:
    return json.loads(json.dumps(keras.saving.serialize_keras_object(model)))


def _canonical(node) -> list:
    """A Sequential's layers as (class, settings) without names, ``trainable`` and build shapes."""
    layers = (node.get("config") or {}).get("layers") or []
    return [(layer.get("class_name"), {k: v for k, v in (layer.get("config") or {}).items()
                                       if k not in ("name", "trainable")}) for layer in layers]


def _nodes(config, found: list) -> list:
    """Every object in the learner's config whose name carries the reserved prefix."""
    if isinstance(config, dict):
        inner = config.get("config")
        label = inner.get("name") if isinstance(inner, dict) else None
        if isinstance(label, str) and label.startswith(PRETRAINED_PREFIX):
            found.append(config)
        for value in config.values():
            _nodes(value, found)
    elif isinstance(config, list):
        for value in config:
            _nodes(value, found)
    return found


def named(config) -> list:
    """The objects of a learner's config that carry the reserved name of a pre-trained base."""
    return _nodes(config, [])


def problems(keras, config: dict, spec: dict) -> list[str]:
    """What keeps the trainer from putting its base where the learner's config names one."""
    name = spec.get("pretrained") or ""
    found = _nodes(config, [])
    if not found or not name:
        return []
    wanted, said = reserved(name), []
    for node in found:
        label = node["config"]["name"]
        if label != wanted:
            said.append(f"there is no pre-trained base {label!r} here: the one this exercise provides is {wanted!r}")
        elif node.get("class_name") != "Sequential":
            said.append(f"{wanted!r} must be the base model pretrained_base() builds, not a {node.get('class_name')}")
        elif (mine := _canonical(node)) != (base := _canonical(_plain(keras, architecture(keras, name)))):
            said.append(f"your {wanted!r} is not the base the trainer pre-trained: " + _difference(mine, base)
                        + "; build it with pretrained_base() as the starter has it, unchanged")
    if len(found) > 1 and not said:
        said.append(f"your model holds the pre-trained base {wanted!r} more than once: use it once")
    return said


def _difference(mine: list, base: list) -> str:
    if len(mine) != len(base):
        return f"it has {len(mine)} layers (the input included), the base has {len(base)}"
    for i, ((cls, settings), (base_cls, base_settings)) in enumerate(zip(mine, base)):
        if cls != base_cls:
            return f"its layer {i} is {cls}, the base's is {base_cls}"
        for key in sorted(set(settings) | set(base_settings)):
            if settings.get(key) != base_settings.get(key):
                return (f"its layer {i} ({cls}) has {key} {settings.get(key)!r}, the base's has "
                        f"{base_settings.get(key)!r}")
    return "its layers differ"


def find(keras, model, name: str):
    """The base inside the rebuilt ``model`` (at any depth), or None."""
    for layer in model.layers:
        if layer.name == reserved(name):
            return layer
        if isinstance(layer, keras.Model) and (inner := find(keras, layer, name)) is not None:
            return inner
    return None


def layers_of(keras, base) -> list:
    """The base's layers, nested ones opened up (for the structure facts)."""
    found = []
    for layer in base.layers:
        found += layers_of(keras, layer) if isinstance(layer, keras.Model) else [layer]
    return found


def cache_dir() -> Path:
    return locations.pretrained_cache()


def _private(folder: Path) -> None:
    """Make ``folder`` the grader's own, or refuse it: weights from a folder others may write are not
    trusted; one that others may only read is closed to them (a sandbox of the grader's user
    could read the weights there)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = folder.stat()
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise PermissionError(f"{folder} must belong to the grader's user and be writable by it alone")
    if info.st_mode & 0o077:
        os.chmod(folder, 0o700)


def _key(keras, tf, name: str, course_version: str) -> str:
    recipe = json.dumps([RECIPE, BASES[name].__dict__, _canonical(_plain(keras, architecture(keras, name))),
                         course_version, keras.__version__, tf.__version__], sort_keys=True, default=str)
    return hashlib.sha256(recipe.encode()).hexdigest()[:20]


def weights(keras, tf, name: str, course_version: str = "") -> list:
    """The base's pre-trained weights, from the cache, else trained now and cached (one trainer at a
    time trains it; the others wait and read its file)."""
    folder = cache_dir()
    _private(folder)
    path = folder / f"{name}-{_key(keras, tf, name, course_version)}.npz"
    with open(folder / f"{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.is_file() and (folder / f"{path.name}.sha256").is_file() and \
                hashlib.sha256(path.read_bytes()).hexdigest() == (folder / f"{path.name}.sha256").read_text().strip():
            with np.load(path, allow_pickle=False) as saved:
                return [saved[f"arr_{i}"] for i in range(len(saved.files))]
        trained = pretrain(keras, tf, name)
        partial = path.with_suffix(".partial.npz")
        np.savez(partial, *trained)
        os.replace(partial, path)
        (folder / f"{path.name}.sha256").write_text(hashlib.sha256(path.read_bytes()).hexdigest() + "\n")
        return trained


def pretrain(keras, tf, name: str) -> list:
    """Train the base with a head of its own on its data (the digits 0–4, ``draws`` shifted copies), seeded;
    its weights."""
    recipe = BASES[name]
    keras.backend.clear_session()
    keras.utils.set_random_seed(recipe.seed)
    base = architecture(keras, name)
    model = keras.Sequential([base, keras.layers.Dropout(recipe.dropout),
                              keras.layers.Dense(recipe.classes, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(recipe.learning_rate), loss="sparse_categorical_crossentropy")
    draws = [practice_datasets.digits_base(practice_datasets.BASE_DRAW + k) for k in range(recipe.draws)]
    x, y = np.concatenate([x for x, _ in draws]), np.concatenate([y for _, y in draws])
    model.fit(x, y, epochs=recipe.epochs, batch_size=recipe.batch_size, shuffle=True, verbose=0)
    trained = [w.copy() for w in base.get_weights()]
    keras.backend.clear_session()
    return trained


def put_in(keras, model, name: str, saved: list) -> None:
    """Load the base's pre-trained weights (``weights()``, read before the model was rebuilt: training
    a base clears Keras' session) into the rebuilt ``model``'s base."""
    base = find(keras, model, name)
    if base is None:
        return
    if [tuple(w.shape) for w in saved] != [tuple(w.shape) for w in base.get_weights()]:
        raise RuntimeError("the cached pre-trained weights do not fit the base")  # a grader fault
    base.set_weights(saved)
