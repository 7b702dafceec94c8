"""The content model shared by both halves: what an article and a static page are."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Front-matter keys with a declared meaning, in the order files are written.
ARTICLE_FIELDS = (
    "title",
    "slug",
    "date",
    "updated",
    "author",
    "tags",
    "topics",
    "countries",
    "views",
    "source",
    "source_url",
    "lang",
    "summary",
    "image",
    "draft",
)


@dataclass(frozen=True)
class BodyRef:
    """A Markdown body kept in the build cache rather than in memory, by its key there.

    A big site's bodies would not fit in memory at once (100,000 articles hold about
    1.4 GB of text), and each page needs only its own: the loader moves them to the cache.
    """

    key: bytes


Body = str | BodyRef
# What pages get a body's HTML through (the build's cache, or the renderer itself).
HtmlOf = Callable[[Body], str]


@dataclass(frozen=True)
class Article:
    """One news article: front-matter fields plus its Markdown body."""

    title: str
    date: datetime  # always timezone-aware
    body: Body = ""
    slug: str | None = None  # explicit override; the site derives one from the title otherwise
    updated: datetime | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    views: int | None = None
    source: str | None = None
    source_url: str | None = None
    lang: str | None = None
    summary: str | None = None
    image: str | None = None
    draft: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)
    # Where the article was read from, relative to content/; not part of its identity.
    path: str = field(default="", compare=False)


def body_text(article: Article) -> str:
    """The body of an article read from a file or made in memory (not kept in the cache)."""
    if not isinstance(article.body, str):
        raise TypeError(f"{article.path}: the body is kept in the build cache")
    return article.body


@dataclass(frozen=True)
class StaticPage:
    """A page outside the news flow (about, contacts), from content/pages/*.md."""

    title: str
    slug: str
    body: str = ""
    summary: str | None = None
    menu: int | None = None  # position in the site menu; None keeps it out
    draft: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)
    path: str = field(default="", compare=False)
