"""Content -> Site: drafts out, posts sorted and placed, taxonomies built, collisions caught."""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from generator.config import SiteConfig
from generator.errors import BuildError, DigestError, raise_all
from generator.loader import Content
from generator.markup import TextFacts
from generator.model import Article, StaticPage
from generator.slugs import slugify
from generator.taxonomy import Term, build_terms, term_key, term_names
from generator.urls import article_path

# How much each kind of shared term counts when choosing related articles.
RELATED_WEIGHTS = {"countries": 3, "topics": 2, "tags": 1}
# Related candidates are the posts nearest in time to the article within each shared term:
# this keeps the choice linear for terms with thousands of articles, and lets an edit
# change the related lists of only the posts around it.
RELATED_WINDOW = 12


@dataclass(frozen=True)
class Post:
    """An article placed in the site: its final slug and site-relative path."""

    article: Article
    slug: str
    path: str


@dataclass(frozen=True)
class Site:
    """Everything the pages are made from; built once, read by every later stage."""

    config: SiteConfig
    posts: tuple[Post, ...]  # newest first
    pages: tuple[StaticPage, ...]
    terms: dict[str, tuple[Term, ...]]  # taxonomy name -> its terms
    post_terms: tuple[dict[str, tuple[Term, ...]], ...]  # per post: taxonomy -> its terms
    related: tuple[tuple[int, ...], ...]  # per post: indices of related posts
    future: tuple[Post, ...]  # posts dated after the build time, built and reported
    facts: Mapping[str, TextFacts] = field(default_factory=dict)  # article path -> lead, minutes


def _order(article: Article) -> tuple[datetime, str]:
    return (article.date, article.path)


def place_posts(articles: list[Article], permalink: str) -> tuple[list[Post], list[DigestError]]:
    """Posts with unique paths: derived slugs get -2, -3 by age; explicit ones must not clash."""
    by_path: dict[str, list[Article]] = defaultdict(list)
    for article in sorted(articles, key=_order):
        slug = article.slug or slugify(article.title)
        by_path[article_path(permalink, article.date, slug)].append(article)
    posts: list[Post] = []
    errors: list[DigestError] = []
    used = set(by_path)
    for path, group in by_path.items():
        explicit = [a for a in group if a.slug]
        if len(explicit) > 1:
            files = " and ".join(a.path for a in explicit)
            errors.append(
                BuildError(
                    explicit[0].path,
                    f"slug '{explicit[0].slug}' is also used by {files}: give one of them another slug",
                )
            )
            continue
        # An explicit slug wins its path; the oldest of the others keeps it otherwise.
        group = explicit + [a for a in group if not a.slug]
        for position, article in enumerate(group):
            slug = article.slug or slugify(article.title)
            final, number = slug, 1
            final_path = path
            while position and final_path in used:
                number += 1
                final = f"{slug}-{number}"
                final_path = article_path(permalink, article.date, final)
            used.add(final_path)
            posts.append(Post(article, final, final_path))
    posts.sort(key=lambda p: (p.article.date, p.article.path), reverse=True)
    return posts, errors


def related_posts(
    post_terms: list[dict[str, tuple[Term, ...]]], count: int
) -> tuple[tuple[int, ...], ...]:
    """For each post, the posts sharing most countries, topics and tags; newer first on ties."""
    return tuple(related_to(index, terms, count) for index, terms in enumerate(post_terms))


def related_to(index: int, terms: dict[str, tuple[Term, ...]], count: int) -> tuple[int, ...]:
    """The related posts of one post, from the posts around it in each of its terms."""
    scores: dict[int, int] = {}
    get = scores.get
    for taxonomy, weight in RELATED_WEIGHTS.items():
        for term in terms.get(taxonomy, ()):
            posts = term.posts
            where = bisect_left(posts, index)
            for other in posts[max(0, where - RELATED_WINDOW) : where + RELATED_WINDOW + 1]:
                scores[other] = get(other, 0) + weight
    scores.pop(index, None)
    return tuple(heapq.nsmallest(count, scores, key=lambda other: (-scores[other], other)))


def build_site(
    config: SiteConfig, content: Content, now: datetime, include_drafts: bool = False
) -> Site:
    """The site to render: raises every collision found at once."""
    articles = [a for a in content.articles if include_drafts or not a.draft]
    pages = tuple(p for p in content.pages if include_drafts or not p.draft)
    posts, errors = place_posts(articles, config.permalink)
    raise_all(errors)
    ordered = [p.article for p in posts]
    terms = {t.name: build_terms(t, ordered) for t in config.taxonomies}
    post_terms = _terms_per_post(config, ordered, terms)
    return Site(
        config=config,
        posts=tuple(posts),
        pages=tuple(sorted(pages, key=lambda p: (p.menu is None, p.menu or 0, p.slug))),
        terms=terms,
        post_terms=tuple(post_terms),
        related=related_posts(post_terms, config.related_count),
        future=tuple(p for p in posts if p.article.date > now),
        facts=content.facts,
    )


def _terms_per_post(
    config: SiteConfig, articles: list[Article], terms: dict[str, tuple[Term, ...]]
) -> list[dict[str, tuple[Term, ...]]]:
    # Every spelling merged into a term has the term's key, so one lookup finds it.
    lookup = {name: {term_key(t.name): t for t in found} for name, found in terms.items()}
    result = []
    for article in articles:
        mine: dict[str, tuple[Term, ...]] = {}
        for taxonomy in config.taxonomies:
            table = lookup[taxonomy.name]
            keys = dict.fromkeys(term_key(name) for name in term_names(article, taxonomy))
            mine[taxonomy.name] = tuple(table[key] for key in keys if key in table)
        result.append(mine)
    return result
