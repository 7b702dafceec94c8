"""Terms of each taxonomy (topics, countries, tags, authors, and any a site adds)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from generator.config import TaxonomyConfig
from generator.model import Article
from generator.slugs import slugify
from generator.urls import term_path


@dataclass(frozen=True)
class Term:
    """One term of a taxonomy and the posts filed under it (indices, newest first)."""

    taxonomy: str
    name: str
    slug: str
    path: str
    posts: tuple[int, ...]


def term_names(article: Article, taxonomy: TaxonomyConfig) -> tuple[str, ...]:
    """The article's terms in one taxonomy, read from the taxonomy's front-matter field."""
    value = getattr(article, taxonomy.field, None) if taxonomy.field in _FIELDS else None
    if value is None and taxonomy.field not in _FIELDS:
        value = article.extra.get(taxonomy.field)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


_FIELDS = {"tags", "topics", "countries", "author"}


def term_key(name: str) -> str:
    """Names that differ only by case or spacing are one term ('Политика', 'политика')."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def build_terms(taxonomy: TaxonomyConfig, articles: Sequence[Article]) -> tuple[Term, ...]:
    """Every term of the taxonomy, sorted by name, with a unique slug each.

    articles must be sorted newest first; post indices refer to that order.
    """
    posts: dict[str, list[int]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for index, article in enumerate(articles):
        for name in term_names(article, taxonomy):
            key = term_key(name)
            if not key:
                continue
            if not posts[key] or posts[key][-1] != index:
                posts[key].append(index)
            spellings[key][name] += 1
    # The most used spelling names the term; ties go to the first in sort order.
    names = {key: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for key, c in spellings.items()}
    # Different terms with one slug (e.g. 'C' and 'C++') get -2, -3... in key order.
    terms = []
    used: set[str] = set()
    for key in sorted(names):
        unique = base = slugify(names[key])
        number = 1
        while unique in used:
            number += 1
            unique = f"{base}-{number}"
        used.add(unique)
        path = term_path(taxonomy.name, unique)
        terms.append(Term(taxonomy.name, names[key], unique, path, tuple(posts[key])))
    return tuple(sorted(terms, key=lambda t: (term_key(t.name), t.slug)))
