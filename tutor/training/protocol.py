"""The trainer's protocol, typed: the jobs the grader sends and the structure facts it gets back (stdlib only).

The grader writes one job per line on the trainer's stdin. A ``structure`` job is answered with the
model's problems and its ``ModelFacts`` (measured on the model the trainer rebuilt, never read from
the learner's description), and the trainer then waits for the next job; a ``train`` job goes on to
train, and is the trainer's last. Events come back as JSON lines: ``ready``, ``phase``, ``epoch``,
``result``. Facts arrive as plain JSON, so ``ModelFacts.from_dict`` reads them defensively.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

STRUCTURE, TRAIN = "structure", "train"
STAGES = (STRUCTURE, TRAIN)
# What "on every path" counts, besides each layer's own class: any convolution, any recurrent layer,
# any dropout, any random augmentation layer, any layer of a pre-trained base the trainer provided.
CONVOLUTION, RECURRENT, DROPOUT = "convolution", "recurrent", "dropout"
AUGMENTATION, PRETRAINED = "augmentation", "pretrained"


@dataclass(frozen=True)
class Job:
    """One job for the trainer; ``spec`` is the exercise's ``TrainingSpec.to_dict()``."""

    model_json: str
    compile: dict | None
    fit: dict
    spec: dict
    seed: int
    data_seed: int
    threads: int = 1
    memory_mb: int = 4096
    stage: str = TRAIN
    # a search's trials: [{"params": {...}, "model_json": str, "compile": dict}], each checked like the model
    trials: list | None = None
    course_version: str = ""  # the pre-trained bases are cached per course version

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ValueError(f"a trainer job's stage is one of {STAGES}, not {self.stage!r}")

    def line(self) -> bytes:
        """The job as the one line the trainer reads."""
        return (json.dumps(asdict(self)) + "\n").encode()

    @classmethod
    def from_dict(cls, data: dict) -> Job:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


def _optional_int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _int(value) -> int:
    return _optional_int(value) or 0


def _items(value) -> list:
    """A list or tuple as a list; anything else as an empty one (what came over the wire, read defensively)."""
    return list(value) if isinstance(value, (list, tuple)) else []


def _number(value, default: float = 0.0) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _shape(value) -> tuple:
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(_optional_int(dim) for dim in value[:16])


def _strings(value, limit: int = 16) -> tuple[str, ...]:
    return tuple(str(item)[:100] for item in value[:limit]) if isinstance(value, (list, tuple)) else ()


@dataclass(frozen=True)
class LayerFacts:
    """One layer call of the rebuilt model (nested models opened up)."""

    name: str
    kinds: tuple[str, ...]  # its class, the classes it wraps, and "convolution"/"recurrent"/"dropout"
    params: int
    trainable: bool
    every_path: bool  # every input-to-output path passes through this call
    output_shape: tuple  # without the batch axis; None for an axis of any length
    steps: int | None = 0  # a recurrent layer: time steps it reads (None: any number); else 0
    returns_sequences: bool = False
    rate: float = 0.0  # dropout rate (Dropout layers, and a recurrent layer's dropout)
    l2: float = 0.0  # L2 factor of its kernel_regularizer
    # the kinds that count (as in ``depths``) which every path from the input to this call passes first
    after: tuple[str, ...] = ()
    masked: bool = False  # it receives a mask (Embedding(mask_zero=True) or Masking before it)
    residual: bool = False  # an Add joining a tensor with one computed from it: a skip connection

    @property
    def width(self) -> int | None:
        return width(self.output_shape)

    @classmethod
    def from_dict(cls, data: dict) -> LayerFacts:
        return cls(name=str(data.get("name", ""))[:100], kinds=_strings(data.get("kinds")),
                   params=_int(data.get("params")), trainable=data.get("trainable") is True,
                   every_path=data.get("every_path") is True, output_shape=_shape(data.get("output_shape")),
                   steps=_optional_int(data.get("steps")), returns_sequences=data.get("returns_sequences") is True,
                   rate=_number(data.get("rate")), l2=_number(data.get("l2")),
                   after=_strings(data.get("after"), 64), masked=data.get("masked") is True,
                   residual=data.get("residual") is True)


@dataclass(frozen=True)
class CallbackFacts:
    """A callback as the trainer built it from the learner's CALLBACKS."""

    kind: str  # EarlyStopping, ReduceLROnPlateau
    monitor: str
    patience: int = 0
    restore_best_weights: bool = False
    factor: float = 0.0

    @classmethod
    def from_dict(cls, data: dict) -> CallbackFacts:
        return cls(kind=str(data.get("kind", ""))[:40], monitor=str(data.get("monitor", ""))[:80],
                   patience=_int(data.get("patience")), restore_best_weights=data.get("restore_best_weights") is True,
                   factor=_number(data.get("factor")))


@dataclass(frozen=True)
class FitFacts:
    """How the trainer will train the model: its callbacks, the optimizer's learning-rate schedule,
    the validation rows it holds out, and the trials of a search (each trial's schedule)."""

    callbacks: tuple[CallbackFacts, ...] = ()
    schedule: str = ""  # the class of the optimizer's learning-rate schedule; "" for a constant rate
    learning_rate: float = 0.0  # the constant rate, or the schedule's initial one
    validation_split: float = 0.0
    trials: tuple[tuple[str, str], ...] = ()  # (the trial's settings in words, its schedule)

    def callback(self, kind: str) -> CallbackFacts | None:
        return next((c for c in self.callbacks if c.kind == kind), None)

    @classmethod
    def from_dict(cls, data) -> FitFacts:
        if not isinstance(data, dict):
            return cls()
        callbacks = _items(data.get("callbacks"))
        trials = _items(data.get("trials"))
        return cls(callbacks=tuple(CallbackFacts.from_dict(c) for c in callbacks[:8] if isinstance(c, dict)),
                   schedule=str(data.get("schedule") or "")[:60], learning_rate=_number(data.get("learning_rate")),
                   validation_split=_number(data.get("validation_split")),
                   trials=tuple((str(t[0])[:200], str(t[1])[:60]) for t in trials[:8]
                                if isinstance(t, (list, tuple)) and len(t) == 2))


def width(shape) -> int | None:
    """The number of values per example in a tensor of ``shape`` (batch axis left out); None when an
    axis has no fixed length."""
    total = 1
    for dim in shape:
        if dim is None:
            return None
        total *= int(dim)
    return total


@dataclass(frozen=True)
class ModelFacts:
    """What the trusted trainer measured on the model it rebuilt; the checks ask for these by name."""

    params: int
    trainable_params: int
    input_shape: tuple
    output_shape: tuple
    # The narrowest set of internal tensors every input-to-output path must cross, in values per
    # example (a minimum vertex cut); None when no such set has a fixed width.
    code_width: int | None
    code_layers: tuple[str, ...] = ()  # the layers whose outputs make up that narrowest cut
    code_bypassed: bool = False  # an input reaches an output with no internal tensor between them
    depths: tuple[tuple[str, int], ...] = ()  # per kind: fewest qualifying layers on any path
    layers: tuple[LayerFacts, ...] = field(default=())
    fit: FitFacts = field(default_factory=FitFacts)

    def depth(self, kind: str) -> int:
        """The fewest layers of ``kind`` that count (trainable; a recurrent layer reading more than one
        time step; a dropout rate above 0) on any input-to-output path: 0 when some path has none."""
        return dict(self.depths).get(kind, 0)

    def on_every_path(self, kind: str) -> bool:
        return self.depth(kind) >= 1

    def layers_of(self, kind: str) -> tuple[LayerFacts, ...]:
        return tuple(layer for layer in self.layers if kind in layer.kinds)

    def kinds(self) -> list[str]:
        """The classes of the model's layers, in order, without repeats (for messages)."""
        return list(dict.fromkeys(layer.kinds[0] for layer in self.layers if layer.kinds))

    @property
    def frozen_params(self) -> int:
        return self.params - self.trainable_params

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data) -> ModelFacts:
        if not isinstance(data, dict):
            raise ValueError("the trainer sent no model facts")
        depths = _items(data.get("depths"))
        layers = _items(data.get("layers"))
        return cls(params=_int(data.get("params")), trainable_params=_int(data.get("trainable_params")),
                   input_shape=_shape(data.get("input_shape")), output_shape=_shape(data.get("output_shape")),
                   code_width=_optional_int(data.get("code_width")), code_layers=_strings(data.get("code_layers")),
                   code_bypassed=data.get("code_bypassed") is True,
                   depths=tuple((str(pair[0]), _int(pair[1])) for pair in depths[:200]
                                if isinstance(pair, (list, tuple)) and len(pair) == 2),
                   layers=tuple(LayerFacts.from_dict(item) for item in layers[:400] if isinstance(item, dict)),
                   fit=FitFacts.from_dict(data.get("fit")))
