"""Value schemas of the model and compile allowlist: what each key of an allowed Keras class may hold.

Standard library only (``config_allowlist`` walks a config against these). A schema says, in plain
words, what is wrong with a value (``problem``), or ``None`` when it is fine. ``Obj`` and ``ObjList``
mark values that are Keras objects themselves: the walker checks those against the class allowlist.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

NAME_PATTERN = re.compile(r"[\w.\- ]{1,80}")  # letters in any script, digits, _ . - and spaces
SHAPE_DIMS, SHAPE_MAX = 8, 1_000_000  # shapes: a few axes of sane length (or None: any length)
ACTIVATIONS = ("linear", "relu", "relu6", "sigmoid", "hard_sigmoid", "softmax", "log_softmax", "tanh",
               "elu", "selu", "softplus", "softsign", "gelu", "silu", "swish", "hard_silu", "hard_swish",
               "leaky_relu", "mish", "exponential")
DTYPES = ("float32", "float16", "bfloat16", "float64", "int32", "int64", "uint8")
POLICIES = ("float32", "float16", "bfloat16", "float64", "mixed_float16", "mixed_bfloat16")


def plain(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def is_number(value) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


@dataclass(frozen=True)
class Whole:
    lo: int
    hi: int

    def problem(self, value) -> str | None:
        if type(value) is int and self.lo <= value <= self.hi:
            return None
        return f"must be a whole number from {self.lo:,} to {self.hi:,}, not {plain(value)}"


@dataclass(frozen=True)
class Number:
    lo: float
    hi: float
    open_lo: bool = False
    open_hi: bool = False

    def problem(self, value) -> str | None:
        if is_number(value) and (self.lo < value if self.open_lo else self.lo <= value) and (
                value < self.hi if self.open_hi else value <= self.hi):
            return None
        interval = f"{'(' if self.open_lo else '['}{self.lo:g}, {self.hi:g}{')' if self.open_hi else ']'}"
        return f"must be a single number in {interval}, not {plain(value)}"


@dataclass(frozen=True)
class Flag:
    def problem(self, value) -> str | None:
        return None if type(value) is bool else f"must be True or False, not {plain(value)}"


@dataclass(frozen=True)
class OneOf:
    values: tuple

    def problem(self, value) -> str | None:
        if type(value) is str and value in self.values:
            return None
        return f"must be one of {', '.join(map(repr, self.values))}; got {plain(value)}"


@dataclass(frozen=True)
class Name:
    def problem(self, value) -> str | None:
        if type(value) is str and NAME_PATTERN.fullmatch(value):
            return None
        return f"must be a short plain name (letters, digits, spaces, _ . -), not {plain(value)}"


@dataclass(frozen=True)
class Maybe:
    inner: Any  # a schema: anything with problem(value)

    def problem(self, value) -> str | None:
        if value is None:
            return None
        problem = self.inner.problem(value)
        return problem and problem.replace("must be", "must be None or", 1)


@dataclass(frozen=True)
class Either:
    options: tuple

    def problem(self, value) -> str | None:
        problems = [option.problem(value) for option in self.options]
        return None if None in problems else problems[0]


@dataclass(frozen=True)
class Ints:
    """A whole number or a short list of them (kernel sizes, strides, axes, target shapes)."""

    lo: int
    hi: int
    most: int = 3
    scalar: bool = True

    def problem(self, value) -> str | None:
        if self.scalar and type(value) is int and self.lo <= value <= self.hi:
            return None
        if type(value) is list and 1 <= len(value) <= self.most and all(
                type(v) is int and self.lo <= v <= self.hi for v in value):
            return None
        return (f"must be {'a whole number or ' if self.scalar else ''}a list of at most {self.most} whole "
                f"numbers from {self.lo:,} to {self.hi:,}, not {plain(value)}")


@dataclass(frozen=True)
class Numbers:
    """A number or a short list of them (a random layer's factor range, schedule values)."""

    lo: float
    hi: float
    most: int = 2
    scalar: bool = True

    def problem(self, value) -> str | None:
        inside = lambda v: is_number(v) and self.lo <= v <= self.hi  # noqa: E731
        if (self.scalar and inside(value)) or (type(value) is list and 1 <= len(value) <= self.most
                                                and all(map(inside, value))):
            return None
        return (f"must be {'a number or ' if self.scalar else ''}a list of at most {self.most} numbers "
                f"in [{self.lo:g}, {self.hi:g}], not {plain(value)}")


@dataclass(frozen=True)
class Pairs:
    """Padding or cropping: a whole number, one per axis, or a (before, after) pair per axis."""

    hi: int = 64

    def problem(self, value) -> str | None:
        small = lambda v: type(v) is int and 0 <= v <= self.hi  # noqa: E731
        if small(value) or (type(value) is list and 1 <= len(value) <= 3 and all(
                small(v) or (type(v) is list and len(v) == 2 and all(map(small, v))) for v in value)):
            return None
        return f"must be whole numbers from 0 to {self.hi} (per axis, or a pair per axis), not {plain(value)}"


@dataclass(frozen=True)
class Shape:
    def problem(self, value) -> str | None:
        if type(value) is list and len(value) <= SHAPE_DIMS and all(
                v is None or (type(v) is int and 0 <= v <= SHAPE_MAX) for v in value):
            return None
        return f"must be a shape (at most {SHAPE_DIMS} axes of None or 0 to {SHAPE_MAX:,}), not {plain(value)}"


@dataclass(frozen=True)
class Shapes:
    """One shape, or a short list of them (the input shapes of a layer called on several tensors)."""

    def problem(self, value) -> str | None:
        if Shape().problem(value) is None:
            return None
        if type(value) is list and len(value) <= 16 and all(Shape().problem(v) is None for v in value):
            return None
        return f"must be a shape or a short list of shapes, not {plain(value)}"


@dataclass(frozen=True)
class Obj:
    """A Keras object of one of ``kinds`` (checked by the walker against the class allowlist), or one
    of ``names`` (the string Keras also accepts, e.g. ``"he_normal"``); ``optional``: or None."""

    kinds: tuple
    names: tuple = ()
    optional: bool = False
    refuse: tuple = ()  # allowed classes refused here, with why (e.g. a Constant kernel)


@dataclass(frozen=True)
class ObjList:
    kinds: tuple
    most: int


@dataclass(frozen=True)
class LearningRate:
    """A number in (0, 10], or a learning-rate schedule where the exercise allows schedules."""


FLAG = Flag()
NAME = Name()
RATE = Number(0, 1, open_hi=True)
FRACTION = Number(0, 1, open_hi=True)
SEED = Maybe(Whole(0, 2**31 - 1))
SIZES = Ints(1, 64)
AXES = Ints(-SHAPE_DIMS, SHAPE_DIMS, most=SHAPE_DIMS)
ACTIVATION = Obj(("activation",), names=ACTIVATIONS, optional=True)
DATA_FORMAT = Maybe(OneOf(("channels_last", "channels_first")))
FACTOR = Numbers(-1, 1)
INITIALIZER = Obj(("initializer",), names=("zeros", "ones", "glorot_uniform", "glorot_normal", "he_uniform",
                                           "he_normal", "lecun_uniform", "lecun_normal", "orthogonal",
                                           "random_normal", "random_uniform", "truncated_normal"))
# The same initializers, but a constant kernel would be weights written into the model: a scalar
# repeated over every unit learns nothing that honest models need, so kernels never take one.
KERNEL_INITIALIZER = Obj(INITIALIZER.kinds, INITIALIZER.names, refuse=("Constant",))
REGULARIZER = Obj(("regularizer",), names=("l1", "l2", "l1_l2"), optional=True)
CONSTRAINT = Obj(("constraint",), names=("max_norm", "min_max_norm", "non_neg", "unit_norm"), optional=True)
CLIP = Maybe(Number(0, 1e3, open_lo=True))
TENSORS = "tensors"  # marker: references to Keras tensors only (the walker checks them)

LAYER_KEYS: dict[str, Any] = {
    "name": NAME, "trainable": FLAG, "dtype": Obj(("dtype_policy",), names=DTYPES, optional=True),
    "units": Whole(1, 100_000), "filters": Whole(1, 100_000), "output_dim": Whole(1, 100_000),
    "input_dim": Whole(1, 1_000_000), "key_dim": Whole(1, 100_000), "value_dim": Maybe(Whole(1, 100_000)),
    "num_heads": Whole(1, 1024), "n": Whole(1, 100_000), "groups": Whole(1, 1024),
    "activation": ACTIVATION, "recurrent_activation": ACTIVATION,
    "kernel_initializer": KERNEL_INITIALIZER, "recurrent_initializer": KERNEL_INITIALIZER,
    "embeddings_initializer": KERNEL_INITIALIZER, "bias_initializer": INITIALIZER,
    "beta_initializer": INITIALIZER, "gamma_initializer": INITIALIZER,
    "moving_mean_initializer": INITIALIZER, "moving_variance_initializer": INITIALIZER,
    "kernel_size": SIZES, "strides": SIZES, "pool_size": Maybe(SIZES), "dilation_rate": SIZES, "size": SIZES,
    "output_padding": Maybe(Ints(0, 64)), "padding": OneOf(("valid", "same", "causal")),
    "data_format": DATA_FORMAT, "rate": RATE, "dropout": RATE, "recurrent_dropout": RATE, "seed": SEED,
    "noise_shape": Maybe(Shape()), "axis": AXES, "momentum": FRACTION, "renorm_momentum": FRACTION,
    "epsilon": Number(0, 1, open_lo=True), "batch_shape": Shape(), "build_input_shape": Shapes(),
    "target_shape": Ints(-1, SHAPE_MAX, most=SHAPE_DIMS, scalar=False),
    "dims": Ints(1, SHAPE_DIMS, most=SHAPE_DIMS, scalar=False),
    "merge_mode": Maybe(OneOf(("concat", "sum", "mul", "ave"))),
    "layer": Obj(("layer",)), "backward_layer": Obj(("layer",)), "cell": Obj(("cell",)),
    "cells": ObjList(("cell",), 8), "layers": ObjList(("layer", "model"), 200),
    "input_layers": TENSORS, "output_layers": TENSORS,
    "max_value": Maybe(Number(0, 1e6)), "negative_slope": Number(0, 10), "threshold": Number(-1e6, 1e6),
    "stddev": Number(0, 100), "mask_value": Number(-1e6, 1e6), "fill_value": Number(-1e6, 1e6),
    "factor": FACTOR, "height_factor": FACTOR, "width_factor": Maybe(FACTOR),
    "fill_mode": OneOf(("reflect", "wrap", "constant", "nearest")),
    "interpolation": OneOf(("nearest", "bilinear", "bicubic", "area", "lanczos3", "lanczos5")),
    "mode": OneOf(("horizontal", "vertical", "horizontal_and_vertical")),
    "score_mode": OneOf(("dot", "concat")), "output_shape": Maybe(Ints(1, SHAPE_MAX, 4)),
    "attention_axes": Maybe(Ints(-SHAPE_DIMS, SHAPE_DIMS, 4)), "cropping": Pairs(), "scale": FLAG,
    "mean": Maybe(Number(-1e6, 1e6)), "variance": Maybe(Number(0, 1e12)),
    **{key: REGULARIZER for key in ("kernel_regularizer", "bias_regularizer", "activity_regularizer",
                                    "recurrent_regularizer", "embeddings_regularizer", "beta_regularizer",
                                    "gamma_regularizer")},
    **{key: CONSTRAINT for key in ("kernel_constraint", "bias_constraint", "recurrent_constraint",
                                   "embeddings_constraint", "beta_constraint", "gamma_constraint")},
    **{key: FLAG for key in ("use_bias", "return_sequences", "return_state", "go_backwards", "stateful",
                             "unroll", "zero_output_for_mask", "unit_forget_bias", "reset_after", "center",
                             "renorm", "synchronized", "rms_scaling", "mask_zero", "keepdims", "use_scale", "use_gate",
                             "invert")},
}
# Where one key name means something else for one class.
CLASS_KEYS: dict[tuple[str, str], Any] = {
    ("Rescaling", "scale"): Number(-1e4, 1e4), ("Rescaling", "offset"): Number(-1e4, 1e4),
    ("ELU", "alpha"): Number(0, 10), ("RandomContrast", "value_range"): Numbers(-1e4, 1e4, scalar=False),
    **{(name, "padding"): Pairs() for name in ("ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D")},
}
KIND_KEYS: dict[str, dict[str, Any]] = {
    "initializer": {"seed": SEED, "mean": Number(-100, 100), "stddev": Number(0, 100), "minval": Number(-100, 100),
                    "maxval": Number(-100, 100), "value": Number(-100, 100), "gain": Number(0, 100),
                    "scale": Number(0, 100, open_lo=True), "mode": OneOf(("fan_in", "fan_out", "fan_avg")),
                    "distribution": OneOf(("truncated_normal", "untruncated_normal", "uniform", "normal"))},
    "regularizer": {"l1": Number(0, 10), "l2": Number(0, 10), "factor": Number(0, 10),
                    "mode": OneOf(("rows", "columns"))},
    "constraint": {"max_value": Number(0, 1e6), "min_value": Number(0, 1e6), "rate": Number(0, 1), "axis": AXES},
    "dtype_policy": {"name": OneOf(POLICIES)},
    "optimizer": {"name": NAME, "learning_rate": LearningRate(), "weight_decay": Maybe(FRACTION),
                  "clipnorm": CLIP, "global_clipnorm": CLIP, "clipvalue": CLIP, "use_ema": FLAG,
                  "ema_momentum": FRACTION,
                  "ema_overwrite_frequency": Maybe(Whole(1, 1_000_000)),
                  "gradient_accumulation_steps": Maybe(Whole(1, 1024)), "beta_1": FRACTION, "beta_2": FRACTION,
                  "epsilon": Number(0, 1, open_lo=True), "amsgrad": FLAG, "momentum": FRACTION, "nesterov": FLAG,
                  "rho": FRACTION, "centered": FLAG, "initial_accumulator_value": Number(0, 10)},
    "schedule": {"name": NAME, "initial_learning_rate": Number(0, 10, open_lo=True),
                 "decay_steps": Whole(1, 10**7), "first_decay_steps": Whole(1, 10**7),
                 "decay_rate": Number(0, 10, open_lo=True), "staircase": FLAG, "end_learning_rate": Number(0, 10),
                 "power": Number(0, 10, open_lo=True), "cycle": FLAG, "alpha": Number(0, 1),
                 "warmup_target": Maybe(Number(0, 10, open_lo=True)), "warmup_steps": Whole(0, 10**7),
                 "t_mul": Number(0, 10, open_lo=True), "m_mul": Number(0, 10, open_lo=True),
                 "boundaries": Ints(0, 10**7, most=16, scalar=False), "values": Numbers(0, 10, 17, scalar=False)},
    "loss": {"name": NAME, "reduction": Maybe(OneOf(("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight",
                                                     "none", "auto"))),
             "from_logits": FLAG, "label_smoothing": FRACTION, "axis": Whole(-SHAPE_DIMS, SHAPE_DIMS),
             "ignore_class": Maybe(Whole(-1, 100_000)), "apply_class_balancing": FLAG, "alpha": Number(0, 1),
             "gamma": Number(0, 10), "delta": Number(0, 1e3, open_lo=True), "dtype": Maybe(OneOf(DTYPES))},
    "metric": {"name": NAME, "dtype": Maybe(OneOf(DTYPES)), "threshold": Maybe(Number(0, 1)),
               "thresholds": Maybe(Numbers(0, 1, 8)), "k": Whole(1, 1000), "top_k": Maybe(Whole(1, 1000)),
               "class_id": Maybe(Whole(0, 100_000)), "num_thresholds": Whole(2, 10_000),
               "curve": OneOf(("ROC", "PR")), "summation_method": OneOf(("interpolation", "minoring", "majoring")),
               "multi_label": FLAG, "num_labels": Maybe(Whole(1, 10_000)), "from_logits": FLAG,
               "average": Maybe(OneOf(("micro", "macro", "weighted")))},
    "callback": {"monitor": Name(), "min_delta": Number(0, 10), "patience": Whole(0, 1000), "verbose": Whole(0, 2),
                 "mode": OneOf(("auto", "min", "max")), "baseline": Maybe(Number(-1e6, 1e6)),
                 "restore_best_weights": FLAG, "start_from_epoch": Whole(0, 1000),
                 "factor": Number(0, 1, open_lo=True, open_hi=True), "cooldown": Whole(0, 1000),
                 "min_lr": Number(0, 10)},
}
