"""Structured data of a page: JSON-LD, OpenGraph and other meta tags, <time>, canonical link."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from typing import Any
from urllib.parse import urljoin

from lxml import html as lhtml

from generator.scrape.dates import parse_machine

_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|NewsArticle|LiveBlogPosting)$")
_VIEW_ACTIONS = re.compile(r"(View|Watch|Read)Action", re.I)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PageMeta:
    """What the page declares about itself; None where it declares nothing."""

    title: str | None = None
    author: str | None = None
    date: datetime | None = None
    tags: tuple[str, ...] = ()
    views: int | None = None
    source: str | None = None
    source_url: str | None = None
    image: str | None = None
    lang: str | None = None
    summary: str | None = None
    body_text: str | None = None  # JSON-LD articleBody: a guide to the body, never the body


def clean(text: Any) -> str | None:
    """Whitespace collapsed; None for empty or non-text values."""
    if not isinstance(text, str):
        return None
    if "&" in text:  # some pages escape their meta content twice
        text = unescape(text)
    text = _SPACES.sub(" ", text.translate(_INVISIBLE)).strip()
    return text or None


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def _walk_jsonld(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD value, @graph and nesting included, without recursion."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            for key in ("@graph", "mainEntity", "itemListElement"):
                if key in item:
                    stack.append(item[key])


def _is_article(obj: dict[str, Any]) -> bool:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds)


def _jsonld_objects(doc: lhtml.HtmlElement) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in doc.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = (script.text or "").strip().rstrip(";")
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        found.extend(_walk_jsonld(data))
    return found


def _names(value: Any) -> list[str]:
    """Person or organization names from a JSON-LD author value."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = name[0] if name else None
        text = clean(name)
        if text and not text.startswith(("http://", "https://")) and text not in names:
            names.append(text)
    return names


def _url(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
    return clean(value)


def _views(obj: dict[str, Any]) -> int | None:
    stats = obj.get("interactionStatistic")
    for stat in stats if isinstance(stats, list) else [stats]:
        if not isinstance(stat, dict):
            continue
        kind = stat.get("interactionType")
        kind = kind.get("@type") if isinstance(kind, dict) else kind
        if isinstance(kind, str) and _VIEW_ACTIONS.search(kind):
            try:
                return int(str(stat.get("userInteractionCount")).replace(" ", ""))
            except ValueError:
                return None
    return None


def _keywords(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        return ()
    return tuple(dict.fromkeys(t for t in (clean(i) for i in items) if t))


def _jsonld_title(article: dict[str, Any], page_title: str) -> str | None:
    """headline, or name when only name matches the page's <title> (Wikipedia puts a
    description in headline)."""
    headline, name = clean(article.get("headline")), clean(article.get("name"))
    if headline and name and headline != name:
        if (
            name.casefold() in page_title.casefold()
            and headline.casefold() not in page_title.casefold()
        ):
            return name
    return headline or name


def from_jsonld(doc: lhtml.HtmlElement) -> dict[str, Any]:
    """Fields of the page's article object (NewsArticle, Article, BlogPosting...)."""
    objects = _jsonld_objects(doc)
    article = next((o for o in objects if _is_article(o)), None)
    if article is None:
        return {}
    publisher = article.get("publisher")
    page = article.get("mainEntityOfPage")
    fields: dict[str, Any] = {
        "title": _jsonld_title(article, clean(doc.findtext(".//title")) or ""),
        "author": ", ".join(_names(article.get("author") or article.get("creator"))) or None,
        "date": parse_machine(
            clean(article.get("datePublished")) or clean(article.get("dateCreated"))
        ),
        "tags": _keywords(article.get("keywords")),
        "views": _views(article),
        "source": clean(publisher.get("name")) if isinstance(publisher, dict) else None,
        "source_url": _url(page) if isinstance(page, (dict, str)) else clean(article.get("url")),
        "image": _url(article.get("image")),
        "lang": clean(article.get("inLanguage")),
        "summary": clean(article.get("description")),
        "body_text": clean(article.get("articleBody")),
    }
    return {k: v for k, v in fields.items() if v}


def _meta_map(doc: lhtml.HtmlElement) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for meta in doc.iter("meta"):
        content = clean(meta.get("content"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            for key in (meta.get(attr) or "").lower().split():
                values.setdefault(key, []).append(content)
    return values


def _first(values: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        for value in values.get(key, []):
            if value:
                return value
    return None


_DATE_KEYS = (
    "article:published_time",
    "datepublished",
    "og:article:published_time",
    "article.published",
    "pubdate",
    "publishdate",
    "publish-date",
    "published_time",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "date",
)


def _meta_author(values: dict[str, list[str]]) -> str | None:
    for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
        for value in values.get(key, []):
            if not value.startswith(("http://", "https://", "@")):
                return value
    return None


def from_meta(doc: lhtml.HtmlElement) -> dict[str, Any]:
    """Fields from OpenGraph, article:*, Dublin Core, Twitter and plain meta tags."""
    values = _meta_map(doc)
    tags = tuple(dict.fromkeys(values.get("article:tag", [])))
    if not tags:
        tags = _keywords(_first(values, "news_keywords"))
    fields: dict[str, Any] = {
        "title": _first(values, "og:title", "twitter:title", "dc.title", "title"),
        "author": _meta_author(values),
        "date": next((d for d in map(parse_machine, _all(values, _DATE_KEYS)) if d), None),
        "tags": tags,
        "source": _first(values, "og:site_name", "application-name", "publisher"),
        "source_url": _first(values, "og:url", "twitter:url"),
        "image": _first(values, "og:image", "og:image:url", "og:image:secure_url", "twitter:image"),
        "lang": (_first(values, "og:locale", "language", "content-language") or "").split("_")[0],
        "summary": _first(values, "description", "og:description", "twitter:description"),
    }
    return {k: v for k, v in fields.items() if v}


def _all(values: dict[str, list[str]], keys: tuple[str, ...]) -> Iterator[str]:
    for key in keys:
        yield from values.get(key, [])


def from_document(doc: lhtml.HtmlElement) -> dict[str, Any]:
    """Fields from the canonical link, <html lang>, <time datetime> and <title>."""
    fields: dict[str, Any] = {}
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            fields["source_url"] = link.get("href", "").strip()
            break
    lang = clean(doc.get("lang") or doc.get("xml:lang"))
    if lang:
        fields["lang"] = lang
    fields["date"] = _time_element(doc)
    return {k: v for k, v in fields.items() if v}


def _time_element(doc: lhtml.HtmlElement) -> datetime | None:
    """The article's own <time datetime>: marked as published, else the first in <article>."""
    marked, in_article = None, None
    for time in doc.iter("time"):
        stamp = parse_machine(time.get("datetime"))
        if stamp is None or _UPDATED.search(_marks(time)):
            continue
        if "pubdate" in time.attrib or _PUBLISHED.search(_marks(time)):
            marked = marked or stamp
        elif in_article is None and any(a.tag in ("article", "main") for a in time.iterancestors()):
            in_article = stamp
    return marked or in_article


_UPDATED = re.compile(r"updat|modif|edited|обновл|изменен", re.I)
_PUBLISHED = re.compile(r"datepublished|publish|posted|pubdate|опублик", re.I)


def _marks(time: lhtml.HtmlElement) -> str:
    parent = time.getparent()
    items = [time] if parent is None else [time, parent]
    return " ".join((e.get("class") or "") + " " + (e.get("itemprop") or "") for e in items)


def absolute(url: str | None, base: str | None) -> str | None:
    """url resolved against base when base is known."""
    if not url:
        return None
    if base:
        try:
            return urljoin(base, url)
        except ValueError:
            return url
    return url


def read_meta(doc: lhtml.HtmlElement, url: str | None) -> PageMeta:
    """JSON-LD first, then meta tags, then the document's own elements."""
    merged: dict[str, Any] = {}
    for layer in (from_jsonld(doc), from_meta(doc), from_document(doc)):
        for key, value in layer.items():
            merged.setdefault(key, value)
    if "title" in merged:
        merged["title"] = merged["title"][:500]
    for key in ("source_url", "image"):
        merged[key] = absolute(merged.get(key), url)
    merged["tags"] = tuple(merged.get("tags", ()))
    return PageMeta(**merged)
