"""What the extractors return: the fields a raw page gives, nothing invented."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Draft:
    """An article as cleaned from one raw page, before classification and export.

    A field the page does not give stays None (or empty): nothing is guessed.
    """

    title: str | None = None
    markdown: str = ""  # the body as Markdown
    author: str | None = None
    date: datetime | None = None  # aware when the page or its profile gives a zone
    tags: list[str] = field(default_factory=list)
    views: int | None = None
    source: str | None = None  # the publication's name
    source_url: str | None = None  # canonical URL of the page
    lang: str | None = None
    summary: str | None = None
    image: str | None = None
    image_caption: str | None = None
    countries: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
