from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from generator.config import SiteConfig
from generator.errors import BuildError
from generator.loader import Content
from generator.model import Article
from generator.site import build_site

NOW = datetime(2026, 1, 1, tzinfo=UTC)
TZ = timezone(timedelta(hours=3))


def config(**values: object) -> SiteConfig:
    return SiteConfig(root=Path("/nonexistent"), title="t", **values)  # type: ignore[arg-type]


def art(title: str, day: int, path: str = "", **fields: object) -> Article:
    date = datetime(2025, 3, day, 12, tzinfo=TZ)
    return Article(
        title=title, date=date, path=path or f"content/articles/{title}-{day}.md", **fields
    )  # type: ignore[arg-type]


def site_of(*articles: Article, drafts: bool = False, **values: object):  # type: ignore[no-untyped-def]
    return build_site(config(**values), Content(tuple(articles), ()), NOW, drafts)


def test_posts_are_newest_first_with_pretty_paths() -> None:
    site = site_of(art("Монголия", 1), art("Япония", 5))
    assert [p.path for p in site.posts] == ["2025/03/yaponiya/", "2025/03/mongoliya/"]


def test_same_title_gets_a_deterministic_suffix_by_age() -> None:
    older, newer = art("Новости", 1, "a.md"), art("Новости", 2, "b.md")
    for order in ((older, newer), (newer, older)):
        site = site_of(*order)
        paths = {p.article.path: p.path for p in site.posts}
        assert paths == {"a.md": "2025/03/novosti/", "b.md": "2025/03/novosti-2/"}


def test_explicit_slugs_that_clash_stop_the_build_naming_both_files() -> None:
    with pytest.raises(BuildError) as caught:
        site_of(art("a", 1, "one.md", slug="x"), art("b", 2, "two.md", slug="x"))
    assert "one.md" in caught.value.message and "two.md" in caught.value.message


def test_explicit_slug_wins_over_a_derived_one() -> None:
    site = site_of(art("x", 1, "derived.md"), art("other", 2, "explicit.md", slug="x"))
    paths = {p.article.path: p.path for p in site.posts}
    assert paths == {"explicit.md": "2025/03/x/", "derived.md": "2025/03/x-2/"}


def test_drafts_are_left_out_unless_asked() -> None:
    posts = (art("a", 1), art("b", 2, draft=True))
    assert len(site_of(*posts).posts) == 1
    assert len(site_of(*posts, drafts=True).posts) == 2


def test_future_articles_are_kept_and_reported() -> None:
    future = Article(title="Завтра", date=datetime(2030, 1, 1, tzinfo=UTC), path="f.md")
    site = site_of(art("a", 1), future)
    assert len(site.posts) == 2
    assert [p.article.path for p in site.future] == ["f.md"]


def test_terms_merge_case_variants_and_count_posts() -> None:
    site = site_of(
        art("a", 1, tags=("Политика",), countries=("Монголия",)),
        art("b", 2, tags=("политика",), countries=("Монголия", "Япония")),
        art("c", 3, tags=("политика",)),
    )
    tags = site.terms["tags"]
    assert [(t.name, t.slug, len(t.posts)) for t in tags] == [("политика", "politika", 3)]
    countries = {t.slug: t for t in site.terms["countries"]}
    assert countries["mongoliya"].path == "countries/mongoliya/"
    assert countries["mongoliya"].posts == (1, 2)  # newest first


def test_distinct_terms_with_one_slug_are_kept_apart() -> None:
    site = site_of(art("a", 1, tags=("C",)), art("b", 2, tags=("C++",)))
    assert sorted(t.slug for t in site.terms["tags"]) == ["c", "c-2"]


def test_authors_taxonomy_reads_the_author_field() -> None:
    site = site_of(art("a", 1, author="Эрнест Баатырев"))
    assert [t.path for t in site.terms["authors"]] == ["authors/ernest-baatyrev/"]


def test_related_prefers_shared_countries_then_recent() -> None:
    site = site_of(
        art("mongolia-japan", 1, countries=("Монголия", "Япония"), topics=("Политика",)),
        art("uzbekistan-japan", 2, countries=("Узбекистан", "Япония")),
        art("unrelated", 3, countries=("Чили",)),
        art("mongolia-only", 4, countries=("Монголия", "Япония")),
    )
    titles = [p.article.title for p in site.posts]
    first = titles.index("mongolia-japan")
    related = [titles[i] for i in site.related[first]]
    assert related == ["mongolia-only", "uzbekistan-japan"]
