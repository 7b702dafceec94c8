"""Read-only views of the site for templates: what a template may use, and nothing else.

Templates receive:
  site      SiteView: title, description, language, base_url, author, menu, sections,
            feed_url, search_url
  page      PageView: title, url, canonical, description, kind, breadcrumbs, feeds, number, total,
            share (Open Graph / Twitter card values), structured_data (JSON-LD, ready to print)
  t(key, **values)   a UI string in the site language
  url(path)          a site-relative path as a link under the base path
and, by page kind: post/content/newer/older/related/topic/topic_newer/topic_older (article),
posts/pagination/most_read (lists), term (term pages), terms/taxonomy (taxonomy pages),
years (archive), static (pages), search (the search page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from generator.config import SiteConfig
from generator.i18n import format_day, format_when, plural_articles, plural_views, translate
from generator.markup import shorten, text_facts
from generator.model import body_text
from generator.reading import country_flag
from generator.site import Site
from generator.taxonomy import Term

# Site-relative paths that urljoin would append to the base URL unchanged.
_PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/?)*")


@dataclass(frozen=True)
class Link:
    """A labelled link: href is ready to put in an attribute."""

    title: str
    href: str
    count: int | None = None


@dataclass(frozen=True)
class TermView:
    """A term as templates see it."""

    taxonomy: str
    taxonomy_title: str
    name: str
    url: str
    count: int
    flag: str = ""  # a country's flag emoji ('' for other taxonomies and unknown names)


@dataclass(frozen=True)
class PostView:
    """An article as templates see it (the body HTML is passed separately, as `content`)."""

    title: str
    url: str
    permalink: str  # absolute URL
    date_iso: str
    date_text: str
    day_text: str
    updated_iso: str | None
    author: str | None
    author_url: str | None
    source: str | None
    source_url: str | None
    views: int | None
    views_text: str  # '578 просмотров'; '' without a count
    summary: str
    reading_minutes: int
    image: str | None
    topics: tuple[TermView, ...]
    countries: tuple[TermView, ...]
    tags: tuple[TermView, ...]
    terms: tuple[TermView, ...]  # every term, all taxonomies


@dataclass(frozen=True)
class SiteView:
    """Site-wide values."""

    title: str
    description: str
    language: str
    base_url: str
    author: str
    menu: tuple[Link, ...]
    sections: tuple[Link, ...]  # one link per taxonomy
    feed_url: str
    search_url: str | None  # the search page; None when search is turned off


class Views:
    """Builds views of one site, each post's view at most once."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.config: SiteConfig = site.config
        self._posts: dict[int, PostView] = {}
        self._terms: dict[int, TermView] = {}
        self._titles: dict[str, str] = {}
        self._joined: dict[str, str] = {}
        self._base_path = self.config.base_path
        self._base_url = self.config.base_url
        self.site_view = self._site_view()

    def url(self, path: str) -> str:
        """A link to a site-relative path under the base path."""
        return self._base_path + path.lstrip("/")

    def absolute(self, path: str) -> str:
        """The full URL of a site-relative path, for feeds, sitemaps and canonical links."""
        path = path.lstrip("/")
        if self._base_url.endswith("/") and _PLAIN_PATH.fullmatch(path):
            return self._base_url + path  # what urljoin gives, without its cost per page
        return urljoin(self._base_url, path)

    def known_posts(self) -> list[PostView]:
        """The post views made (or adopted) so far."""
        return list(self._posts.values())

    def adopt(self, previous: Views, changed: set[int]) -> None:
        """Take the views another Views of the same site made, but those of changed posts.

        For a site patched in place: its terms are the same objects, and a post's view
        depends on that post alone.
        """
        self._posts.update((i, v) for i, v in previous._posts.items() if i not in changed)
        self._terms.update(previous._terms)
        self._titles.update(previous._titles)
        self._joined.update(previous._joined)

    def joined(self, href: str) -> str:
        """urljoin(base_url, href), remembered: pages repeat the same few hundred links."""
        found = self._joined.get(href)
        if found is None:
            found = self._joined[href] = urljoin(self._base_url, href)
        return found

    def t(self, key: str, **values: object) -> str:
        return translate(self.config.language, key, **values)

    def taxonomy_title(self, name: str) -> str:
        if name not in self._titles:
            taxonomy = self.config.taxonomy(name)
            self._titles[name] = taxonomy.title or self.t(name)
        return self._titles[name]

    def term(self, term: Term) -> TermView:
        # Terms live as long as the site, so their identity is a safe key.
        found = self._terms.get(id(term))
        if found is None:
            found = self._terms[id(term)] = TermView(
                taxonomy=term.taxonomy,
                taxonomy_title=self.taxonomy_title(term.taxonomy),
                name=term.name,
                url=self.url(term.path),
                count=len(term.posts),
                flag=country_flag(term.name) if term.taxonomy == "countries" else "",
            )
        return found

    def post(self, index: int) -> PostView:
        if index not in self._posts:
            self._posts[index] = self._post_view(index)
        return self._posts[index]

    def posts(self, indices: tuple[int, ...] | list[int]) -> list[PostView]:
        return [self.post(i) for i in indices]

    def _post_view(self, index: int) -> PostView:
        post = self.site.posts[index]
        article = post.article
        language = self.config.language
        terms = self.site.post_terms[index]
        views = {name: tuple(self.term(t) for t in found) for name, found in terms.items()}
        authors = terms.get("authors", ())
        facts = self.site.facts.get(article.path) or text_facts(body_text(article))
        return PostView(
            title=article.title,
            url=self.url(post.path),
            permalink=self.absolute(post.path),
            date_iso=article.date.isoformat(),
            date_text=format_when(article.date, language),
            day_text=format_day(article.date, language),
            updated_iso=article.updated.isoformat() if article.updated else None,
            author=article.author,
            author_url=self.url(authors[0].path) if authors else None,
            source=article.source,
            source_url=article.source_url,
            views=article.views,
            views_text=plural_views(language, article.views) if article.views is not None else "",
            summary=shorten(article.summary) if article.summary else facts.lead,
            reading_minutes=facts.minutes,
            image=article.image,
            topics=views.get("topics", ()),
            countries=views.get("countries", ()),
            tags=views.get("tags", ()),
            terms=tuple(v for name, found in views.items() if name != "authors" for v in found),
        )

    def _site_view(self) -> SiteView:
        config = self.config
        menu = tuple(
            Link(p.title, self.url(f"{p.slug}/")) for p in self.site.pages if p.menu is not None
        )
        sections = tuple(
            Link(self.taxonomy_title(t.name), self.url(f"{t.name}/")) for t in config.taxonomies
        )
        return SiteView(
            title=config.title,
            description=config.description,
            language=config.language,
            base_url=config.base_url,
            author=config.author,
            menu=menu,
            sections=sections,
            feed_url=self.url("feed.xml"),
            search_url=self.url("search/") if config.search else None,
        )

    def count_text(self, n: int) -> str:
        return plural_articles(self.config.language, n)
