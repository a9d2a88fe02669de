"""Baseline rules as pure functions: the one fingerprint of a baseline and the diff of two."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


def baseline_fingerprint(items: Iterable[tuple[str, int, str]]) -> str:
    """SHA-256 (hex) over the sorted (key, version, content fingerprint) lines: the same set of
    requirement versions always gives the same fingerprint, in whatever order it was read."""
    digest = hashlib.sha256()
    for key, version, fingerprint in sorted(items):
        digest.update(f"{key}\t{version}\t{fingerprint}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class BaselineDiff:
    """What changed from baseline A to baseline B, by requirement key."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    unchanged: int


def diff(before: Mapping[str, str], after: Mapping[str, str]) -> BaselineDiff:
    """The diff of two baselines given as key -> content fingerprint."""
    both = before.keys() & after.keys()
    return BaselineDiff(
        added=tuple(sorted(after.keys() - before.keys())),
        removed=tuple(sorted(before.keys() - after.keys())),
        changed=tuple(sorted(k for k in both if before[k] != after[k])),
        unchanged=sum(1 for k in both if before[k] == after[k]),
    )
