"""Atom feeds, the sitemap and robots.txt: generated XML and text, no templates."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from generator.model import HtmlOf
from generator.pages import PageSpec
from generator.views import Views

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SITEMAP_LIMIT = 50_000  # URLs per sitemap file, as the protocol allows


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def atom_feed(views: Views, spec: PageSpec, html: HtmlOf) -> bytes:
    """An Atom 1.0 feed of the spec's posts, with absolute URLs and stable ids."""
    site = views.site
    config = views.config
    title = config.title
    alternate = ""
    if spec.taxonomy is not None and spec.term is not None:
        term = site.terms[spec.taxonomy][spec.term]
        title = f"{config.title}: {term.name}"
        alternate = term.path
    feed = ET.Element("feed", {"xml:lang": config.language})
    feed.set("xmlns", ATOM)
    _sub(feed, "title", title)
    if config.description:
        _sub(feed, "subtitle", config.description)
    _sub(feed, "id", views.absolute(spec.path))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=views.absolute(spec.path))
    _sub(feed, "link", rel="alternate", type="text/html", href=views.absolute(alternate))
    dates = [_updated(site.posts[i].article) for i in spec.items]
    _sub(feed, "updated", max(dates, default=EPOCH).isoformat())
    _sub(_sub(feed, "author"), "name", config.author or config.title)
    _sub(feed, "generator", "digest")
    for index in spec.items:
        article = site.posts[index].article
        post = views.post(index)
        entry = _sub(feed, "entry")
        _sub(entry, "title", article.title)
        _sub(entry, "link", rel="alternate", type="text/html", href=post.permalink)
        _sub(entry, "id", post.permalink)
        _sub(entry, "published", article.date.isoformat())
        _sub(entry, "updated", _updated(article).isoformat())
        if article.author:
            _sub(_sub(entry, "author"), "name", article.author)
        for term_view in post.terms:
            _sub(entry, "category", term=term_view.name, label=term_view.name)
        if post.summary:
            _sub(entry, "summary", post.summary)
        _sub(entry, "content", html(article.body), type="html")
    return _xml(feed)


def _updated(article: object) -> datetime:
    updated = getattr(article, "updated", None)
    date: datetime = getattr(article, "date")  # noqa: B009
    return max(updated, date) if updated else date


def _lastmod(views: Views, spec: PageSpec) -> datetime | None:
    site = views.site
    if spec.post is not None:
        return _updated(site.posts[spec.post].article)
    if spec.static is not None:
        path = views.config.root / site.pages[spec.static].path
        try:
            return datetime.fromtimestamp(os.stat(path).st_mtime, tz=UTC).replace(microsecond=0)
        except OSError:
            return None
    items = spec.items
    if spec.kind == "taxonomy" and spec.taxonomy:
        items = tuple(t.posts[0] for t in site.terms[spec.taxonomy] if t.posts)
    elif spec.kind in ("archive", "search"):
        items = (0,) if site.posts else ()
    return max((_updated(site.posts[i].article) for i in items), default=None)


def sitemap_files(views: Views, specs: list[PageSpec]) -> dict[str, bytes]:
    """sitemap.xml for every HTML page (an index of numbered sitemaps past 50,000 URLs)."""
    pages = [s for s in specs if s.template and s.kind != "404"]
    chunks = [pages[i : i + SITEMAP_LIMIT] for i in range(0, len(pages), SITEMAP_LIMIT)] or [[]]
    files: dict[str, bytes] = {}
    for number, chunk in enumerate(chunks, 1):
        urlset = ET.Element("urlset", {"xmlns": SITEMAP})
        for spec in chunk:
            url = _sub(urlset, "url")
            _sub(url, "loc", views.absolute(spec.path))
            lastmod = _lastmod(views, spec)
            if lastmod is not None:
                _sub(url, "lastmod", lastmod.isoformat())
        name = "sitemap.xml" if len(chunks) == 1 else f"sitemap-{number}.xml"
        files[name] = _xml(urlset)
    if len(chunks) > 1:
        index = ET.Element("sitemapindex", {"xmlns": SITEMAP})
        for name in files:
            _sub(_sub(index, "sitemap"), "loc", views.absolute(name))
        files["sitemap.xml"] = _xml(index)
    return files


def robots_txt(views: Views) -> bytes:
    """Every crawler welcome; the sitemap announced with its absolute URL."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {views.absolute('sitemap.xml')}\n".encode()
