"""Reading aids chosen from the site: most read, neighbours in a topic, country flags."""

from __future__ import annotations

import heapq
import re
import tomllib
from bisect import bisect_left
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from generator.site import Site
from generator.taxonomy import Term

COUNTRY_CODES = Path(__file__).resolve().parent / "data" / "country_codes.toml"
MOST_READ = 5  # articles in a "most read" block
SEARCH_FILTERS = ("topics", "countries")  # taxonomies the search page filters by


def most_read(site: Site, candidates: Iterable[int], count: int = MOST_READ) -> tuple[int, ...]:
    """The candidates with the most views, newer first on ties; articles without views left out."""
    counted = (i for i in candidates if site.posts[i].article.views)
    return tuple(heapq.nsmallest(count, counted, key=lambda i: (-_views(site, i), i)))


def _views(site: Site, index: int) -> int:
    return site.posts[index].article.views or 0


def topic_of(site: Site, index: int) -> Term | None:
    """The article's main topic (the first it lists), or None."""
    topics = site.post_terms[index].get("topics", ())
    return topics[0] if topics else None


def neighbours(term: Term, index: int) -> tuple[int | None, int | None]:
    """(older, newer): the posts next to index in the term's list, which is newest first."""
    # The term's posts are indices in ascending order (newest first): found by bisection,
    # since a big topic holds tens of thousands and every article page asks.
    where = bisect_left(term.posts, index)
    if where == len(term.posts) or term.posts[where] != index:
        raise ValueError(f"post {index} is not filed under {term.name}")
    older = term.posts[where + 1] if where + 1 < len(term.posts) else None
    newer = term.posts[where - 1] if where > 0 else None
    return older, newer


def _key(name: str) -> str:
    """Names compared the way editors vary them: case, spacing, ё and typographic apostrophes."""
    text = name.casefold().replace("ё", "е").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


@cache
def _codes() -> dict[str, str]:
    table = tomllib.loads(COUNTRY_CODES.read_text(encoding="utf-8"))
    return {_key(name): code for code, names in table.items() for name in names}


def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country named in Russian or English, or None."""
    return _codes().get(_key(name))


def flag(code: str) -> str:
    """The flag emoji of a two-letter country code: a pair of regional indicator symbols."""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code.upper())


def country_flag(name: str) -> str:
    """The flag emoji of a country name, or '' when the name is not a known country."""
    code = country_code(name)
    return flag(code) if code else ""
