"""Word shingles of a text: how near-duplicates are found and how extracted bodies are scored."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set

SHINGLE = 5  # words per shingle when looking for near-duplicates
DUPLICATE = 0.8  # share of the shorter text's shingles found in the other one
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of runs of `size` consecutive words, case folded; a shorter text is one."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def overlap(a: Set[tuple[str, ...]], b: Set[tuple[str, ...]]) -> float:
    """The share of the smaller set found in the other: 1.0 when one text contains the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
