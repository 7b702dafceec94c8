"""Near-duplicate texts: word shingles and their overlap."""

from __future__ import annotations

import hashlib
import re

SHINGLE = 5  # words per shingle
DUPLICATE = 0.8  # share of the shorter text's shingles found in the other one
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> frozenset[int]:
    """Hashes of every run of `size` consecutive words, case folded."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return frozenset([_hash(" ".join(words))]) if words else frozenset()
    return frozenset(_hash(" ".join(words[i : i + size])) for i in range(len(words) - size + 1))


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    """The share of the smaller set found in the other: 1.0 when one text contains the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
