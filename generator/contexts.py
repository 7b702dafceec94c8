"""Template context for each kind of page: plain read-only views, nothing else."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, overload

from markupsafe import Markup

from generator import metadata, reading
from generator.i18n import format_month
from generator.model import HtmlOf
from generator.pages import PageSpec, months
from generator.search import find_pagefind
from generator.urls import paged
from generator.views import Link, PostView, Views


@dataclass(frozen=True)
class PageView:
    """What templates know of the page being rendered."""

    title: str
    url: str
    canonical: str
    description: str
    kind: str
    breadcrumbs: tuple[Link, ...]
    feeds: tuple[Link, ...]  # Atom feeds to announce with <link rel="alternate">
    share: metadata.ShareView  # Open Graph and Twitter card values
    structured_data: tuple[Markup, ...]  # JSON-LD documents, escaped for <script>
    number: int = 1
    total: int = 1


class PageLinks(Sequence[Link]):
    """Links to every page of a list, made on demand.

    A list of 500 pages would otherwise build 500 links on each of its 500 pages.
    """

    def __init__(self, url: Callable[[str], str], base: str, total: int) -> None:
        self._url = url
        self._base = base
        self._total = total

    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, index: int) -> Link: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Link]: ...
    def __getitem__(self, index: int | slice) -> Link | Sequence[Link]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._total))]
        number = range(1, self._total + 1)[index]
        return Link(str(number), self._url(paged(self._base, number)))

    def __repr__(self) -> str:
        return f"PageLinks({self._url('')!r}, {self._base!r}, {self._total})"


@dataclass(frozen=True)
class Pagination:
    """Links between the pages of one list."""

    number: int
    total: int
    newer: str | None
    older: str | None
    pages: Sequence[Link]


def _pagination(views: Views, spec: PageSpec) -> Pagination:
    def link(n: int) -> str:
        return views.url(paged(spec.base, n))

    return Pagination(
        number=spec.number,
        total=spec.total,
        newer=link(spec.number - 1) if spec.number > 1 else None,
        older=link(spec.number + 1) if spec.number < spec.total else None,
        pages=PageLinks(views.url, spec.base, spec.total),
    )


def _titled(views: Views, title: str, spec: PageSpec) -> str:
    return title if spec.number == 1 else f"{title} — {views.t('page_n', n=spec.number)}"


def _page(
    views: Views,
    spec: PageSpec,
    title: str,
    description: str = "",
    crumbs: tuple[Link, ...] = (),
    feeds: tuple[Link, ...] = (),
    post: PostView | None = None,
) -> PageView:
    home = Link(views.t("home"), views.url(""))
    trail = (home, *crumbs) if spec.kind != "home" else ()
    description = description or views.config.description
    canonical = views.absolute(spec.path)
    if post is not None:
        share = metadata.article_share(views, post)
        data = [metadata.news_article(views, post, share)]
    else:
        share = metadata.page_share(views, title, description, canonical)
        data = [metadata.website(views)] if spec.kind == "home" else []
    data.append(metadata.breadcrumb_list(views, trail))
    return PageView(
        title=title,
        url=views.url(spec.path),
        canonical=canonical,
        description=description,
        kind=spec.kind,
        breadcrumbs=trail,
        feeds=(Link(views.config.title, views.url("feed.xml")), *feeds),
        share=share,
        structured_data=tuple(metadata.json_ld(d) for d in data),
        number=spec.number,
        total=spec.total,
    )


def _most_read(views: Views, spec: PageSpec, candidates: Sequence[int]) -> list[PostView]:
    """The most read of a list, shown on its first page (later pages are for browsing)."""
    if spec.number > 1:
        return []
    return views.posts(reading.most_read(views.site, candidates))


def home(views: Views, spec: PageSpec, html: HtmlOf) -> dict[str, Any]:
    return {
        "page": _page(views, spec, _titled(views, views.config.title, spec)),
        "posts": views.posts(spec.items),
        "pagination": _pagination(views, spec),
        "most_read": _most_read(views, spec, range(len(views.site.posts))),
    }


def article(views: Views, spec: PageSpec, html: HtmlOf) -> dict[str, Any]:
    assert spec.post is not None
    index = spec.post
    post = views.post(index)
    site = views.site
    crumbs: tuple[Link, ...] = ()
    if post.topics:
        topic = post.topics[0]
        crumbs = (Link(topic.taxonomy_title, views.url("topics/")), Link(topic.name, topic.url))
    trail = (*crumbs, Link(post.title, post.url))
    return {
        "page": _page(views, spec, post.title, post.summary, trail, post=post),
        "post": post,
        "content": Markup(html(site.posts[index].article.body)),
        "newer": views.post(index - 1) if index > 0 else None,
        "older": views.post(index + 1) if index + 1 < len(site.posts) else None,
        "related": views.posts(site.related[index]),
        **_in_topic(views, index),
    }


def _in_topic(views: Views, index: int) -> dict[str, Any]:
    """The article's main topic and its neighbours there: previous/next within the topic."""
    topic = reading.topic_of(views.site, index)
    if topic is None:
        return {"topic": None, "topic_older": None, "topic_newer": None}
    older, newer = reading.neighbours(topic, index)
    return {
        "topic": views.term(topic),
        "topic_older": views.post(older) if older is not None else None,
        "topic_newer": views.post(newer) if newer is not None else None,
    }


def taxonomy(views: Views, spec: PageSpec, html: HtmlOf) -> dict[str, Any]:
    assert spec.taxonomy is not None
    title = views.taxonomy_title(spec.taxonomy)
    terms = [views.term(t) for t in views.site.terms[spec.taxonomy]]
    return {
        "page": _page(views, spec, title, crumbs=(Link(title, views.url(spec.path)),)),
        "taxonomy": Link(title, views.url(spec.path)),
        "terms": terms,
    }


def term(views: Views, spec: PageSpec, html: HtmlOf) -> dict[str, Any]:
    assert spec.taxonomy is not None and spec.term is not None
    found = views.site.terms[spec.taxonomy][spec.term]
    view = views.term(found)
    feeds: tuple[Link, ...] = ()
    if views.config.taxonomy(spec.taxonomy).feeds:
        feeds = (Link(f"{views.config.title}: {found.name}", views.url(f"{found.path}feed.xml")),)
    crumbs = (Link(view.taxonomy_title, views.url(f"{spec.taxonomy}/")), Link(found.name, view.url))
    return {
        "page": _page(views, spec, _titled(views, found.name, spec), crumbs=crumbs, feeds=feeds),
        "term": view,
        "posts": views.posts(spec.items),
        "pagination": _pagination(views, spec),
        "most_read": _most_read(views, spec, found.posts),
    }


@dataclass(frozen=True)
class ArchiveYear:
    year: int
    months: tuple[Link, ...]


def archive(views: Views, spec: PageSpec, html: HtmlOf) -> dict[str, Any]:
    years: dict[int, list[Link]] = {}
    language = views.config.language
    for (year, month), items in months(views.site).items():
        link = Link(
            format_month(year, month, language),
            views.url(f"archive/{year:04d}/{month:02d}/"),
            len(items),
        )
        years.setdefault(year, []).append(link)
    title = views.t("archive")
    return {
        "page": _page(views, spec, title, crumbs=(Link(title, views.url(spec.path)),)),
        "years": [ArchiveYear(y, tuple(links)) for y, links in years.items()],
    }


def month(views: Views, spec: PageSpec, html: HtmlOf) -> dict[str, Any]:
    assert spec.month is not None
    name = format_month(*spec.month, views.config.language)
    title = views.t("articles_in_month", month=name)
    crumbs = (Link(views.t("archive"), views.url("archive/")), Link(name, views.url(spec.base)))
    return {
        "page": _page(views, spec, _titled(views, title, spec), crumbs=crumbs),
        "posts": views.posts(spec.items),
        "pagination": _pagination(views, spec),
    }


@dataclass(frozen=True)
class StaticView:
    title: str
    url: str


def page(views: Views, spec: PageSpec, html: HtmlOf) -> dict[str, Any]:
    assert spec.static is not None
    static = views.site.pages[spec.static]
    url = views.url(spec.path)
    return {
        "page": _page(views, spec, static.title, static.summary or "", (Link(static.title, url),)),
        "static": StaticView(static.title, url),
        "content": Markup(html(static.body)),
    }


def not_found(views: Views, spec: PageSpec, html: HtmlOf) -> dict[str, Any]:
    return {
        "page": _page(views, spec, views.t("not_found")),
        "posts": views.posts(tuple(range(min(5, len(views.site.posts))))),
    }


@dataclass(frozen=True)
class SearchView:
    """What the search page needs: where Pagefind's bundle is, and whether it will be there."""

    available: bool  # False: the page says search is unavailable
    bundle: str  # URL of the folder holding pagefind.js
    base: str  # the site's base path, which Pagefind puts before every result URL
    filters: tuple[Link, ...]  # filterable taxonomies: title and name (in href)


def search(views: Views, spec: PageSpec, html: HtmlOf) -> dict[str, Any]:
    title = views.t("search")
    filters = tuple(
        Link(views.taxonomy_title(name), name)
        for name in reading.SEARCH_FILTERS
        if any(t.name == name for t in views.config.taxonomies)
    )
    return {
        "page": _page(views, spec, title, crumbs=(Link(title, views.url(spec.path)),)),
        "search": SearchView(
            available=find_pagefind() is not None,
            bundle=views.url("pagefind/"),
            base=views.url(""),
            filters=filters,
        ),
    }


BUILDERS: dict[str, Callable[[Views, PageSpec, HtmlOf], dict[str, Any]]] = {
    "home": home,
    "article": article,
    "taxonomy": taxonomy,
    "term": term,
    "archive": archive,
    "month": month,
    "page": page,
    "404": not_found,
    "search": search,
}
