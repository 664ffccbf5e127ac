"""Splits a class of submissions into CI shards and joins the shards' JSON results back into one."""

from __future__ import annotations

import json
from pathlib import Path

from tutor.batch import SubmissionResult


class ShardError(ValueError):
    """A shard spec or a shard result file is unusable; the message names it and says why."""


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/5"`` → ``(2, 5)``: shard I of N, 1-based."""
    first, sep, second = text.partition("/")
    try:
        index, count = int(first), int(second)
    except ValueError:
        index = count = 0
    if not sep or count < 1 or not 1 <= index <= count:
        raise ShardError(f"--shard {text!r}: expected I/N with 1 <= I <= N, e.g. 1/4")
    return index, count


def select_shard(submissions: list, index: int, count: int) -> list:
    """The submissions whose position in name order is ≡ index−1 (mod count)."""
    ordered = sorted(submissions, key=lambda s: s.name)
    return [s for position, s in enumerate(ordered) if position % count == index - 1]


def load_results(path: Path) -> list[SubmissionResult]:
    """The records of one ``dltutor grade --format json`` file."""
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ShardError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ShardError(f"{path}: not a JSON result file ({exc})") from None
    if not isinstance(records, list):
        raise ShardError(f"{path}: expected a list of submissions (from `dltutor grade --format json`)")
    results = []
    for number, record in enumerate(records):
        try:
            results.append(SubmissionResult.from_dict(record))
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise ShardError(f"{path}: record {number} is not a graded submission ({exc})") from None
    return results


def _seeds(result: SubmissionResult) -> set[int]:
    return {seed for seed in (result.seed, *(r.seed for r in result.exercises)) if seed is not None}


def merge(paths: list[Path]) -> list[SubmissionResult]:
    """All shards' results in name order, as an unsharded run would list them; shards graded with
    different seeds are refused (their inputs differ, so together they are not one run)."""
    merged: dict[str, tuple[Path, SubmissionResult]] = {}
    seen_seed: tuple[int, Path] | None = None
    for path in paths:
        for result in load_results(path):
            for seed in _seeds(result):
                if seen_seed is None:
                    seen_seed = (seed, path)
                elif seed != seen_seed[0]:
                    raise ShardError(f"{path} was graded with seed {seed} but {seen_seed[1]} with seed "
                                     f"{seen_seed[0]}: grade every shard with the same --seed")
            if result.submission in merged:
                first = merged[result.submission][0]
                raise ShardError(f"submission {result.submission!r} appears in both {first} and {path}")
            merged[result.submission] = (path, result)
    return [merged[name][1] for name in sorted(merged)]
