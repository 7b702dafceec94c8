"""Which pages exist: one PageSpec per output file, paths checked before anything is written."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from generator.errors import BuildError
from generator.site import Site
from generator.urls import is_inside, output_file, paged

# Paths that the site's own sections use; a static page cannot take them.
RESERVED = {"page", "archive", "search", "feed.xml", "sitemap.xml", "robots.txt", "404.html"}


@dataclass(frozen=True)
class PageSpec:
    """One page to render: where it goes, what kind it is, what it shows."""

    path: str  # site-relative: '' (home), '2025/03/slug/', 'feed.xml'
    kind: str  # home | article | taxonomy | term | archive | month | page | 404 | feed | ...
    template: str = ""  # Jinja template for HTML pages; '' for generated XML and text
    post: int | None = None  # index into Site.posts
    taxonomy: str | None = None
    term: int | None = None  # index into Site.terms[taxonomy]
    static: int | None = None  # index into Site.pages
    items: tuple[int, ...] = ()  # posts listed on this page
    number: int = 1  # page number of a paginated list
    total: int = 1  # pages in that list
    base: str = ""  # path of the list's first page
    month: tuple[int, int] | None = None

    @cached_property
    def file(self) -> str:
        """The output file, worked out once (updates look it up for every page)."""
        return output_file(self.path)


def paginate(base: str, items: tuple[int, ...], per_page: int, **spec: object) -> list[PageSpec]:
    """A list split into pages at base, base/page/2/, ...; an empty list still gets one page."""
    chunks = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [()]
    total = len(chunks)
    return [
        PageSpec(path=paged(base, n), items=chunk, number=n, total=total, base=base, **spec)  # type: ignore[arg-type]
        for n, chunk in enumerate(chunks, 1)
    ]


def months(site: Site) -> dict[tuple[int, int], tuple[int, ...]]:
    """Posts by (year, month) of their date, newest month first."""
    grouped: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, post in enumerate(site.posts):
        grouped[(post.article.date.year, post.article.date.month)].append(index)
    return {key: tuple(grouped[key]) for key in sorted(grouped, reverse=True)}


def plan_pages(site: Site) -> list[PageSpec]:
    """Every page of the site, in a stable order; raises on two pages with one path."""
    per_page = site.config.articles_per_page
    everything = tuple(range(len(site.posts)))
    specs = paginate("", everything, per_page, kind="home", template="home.html")
    specs += [
        PageSpec(path=post.path, kind="article", template="article.html", post=index)
        for index, post in enumerate(site.posts)
    ]
    for taxonomy in site.config.taxonomies:
        name = taxonomy.name
        specs.append(
            PageSpec(path=f"{name}/", kind="taxonomy", template="taxonomy.html", taxonomy=name)
        )
        for index, term in enumerate(site.terms[name]):
            specs += paginate(
                term.path,
                term.posts,
                per_page,
                kind="term",
                template="term.html",
                taxonomy=name,
                term=index,
            )
            if taxonomy.feeds:
                specs.append(
                    PageSpec(
                        path=f"{term.path}feed.xml",
                        kind="feed",
                        taxonomy=name,
                        term=index,
                        items=term.posts[: site.config.feed_items],
                    )
                )
    specs.append(PageSpec(path="archive/", kind="archive", template="archive.html"))
    for (year, month), items in months(site).items():
        specs += paginate(
            f"archive/{year:04d}/{month:02d}/",
            items,
            per_page,
            kind="month",
            template="month.html",
            month=(year, month),
        )
    specs += [
        PageSpec(path=f"{page.slug}/", kind="page", template="page.html", static=index)
        for index, page in enumerate(site.pages)
    ]
    if site.config.search:
        specs.append(PageSpec(path="search/", kind="search", template="search.html"))
    specs.append(PageSpec(path="404.html", kind="404", template="404.html"))
    specs.append(PageSpec(path="feed.xml", kind="feed", items=everything[: site.config.feed_items]))
    specs.append(PageSpec(path="sitemap.xml", kind="sitemap"))
    specs.append(PageSpec(path="robots.txt", kind="robots"))
    check_paths(site, specs)
    return specs


def check_paths(site: Site, specs: list[PageSpec]) -> None:
    """Stop before writing when two pages would share a file or a path could escape output/."""
    for page in site.pages:
        if page.slug in RESERVED or page.slug in {t.name for t in site.config.taxonomies}:
            raise BuildError(
                page.path,
                f"slug '{page.slug}' is reserved for a section of the site: choose another",
            )
    for spec in specs:
        if not is_inside(spec.file):
            raise BuildError(spec.path, "page path would leave the output folder")
    counts = Counter(spec.file for spec in specs)
    clashes = [file for file, n in counts.items() if n > 1]
    if clashes:
        owners = [_owner(site, s) for s in specs if s.file == clashes[0]]
        raise BuildError(
            owners[0],
            f"would be written to {clashes[0]}, as would {', '.join(owners[1:])}: change a slug",
        )


def _owner(site: Site, spec: PageSpec) -> str:
    if spec.post is not None:
        return site.posts[spec.post].article.path
    if spec.static is not None:
        return site.pages[spec.static].path
    return f"the {spec.kind} page {spec.path or '/'}"
