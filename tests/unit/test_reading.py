"""Reading aids: most read, neighbours within a topic, country flags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from generator.config import SiteConfig
from generator.loader import Content
from generator.model import Article
from generator.reading import country_code, country_flag, flag, most_read, neighbours, topic_of
from generator.site import Site, build_site

TZ = timezone(timedelta(hours=3))


def site_of(*articles: Article) -> Site:
    config = SiteConfig(root=Path("/nonexistent"), title="t")
    return build_site(config, Content(tuple(articles), ()), datetime(2026, 1, 1, tzinfo=UTC))


def art(title: str, day: int, **fields: object) -> Article:
    date = datetime(2025, 3, day, 12, tzinfo=TZ)
    return Article(title=title, date=date, path=f"{title}.md", **fields)  # type: ignore[arg-type]


def titles(site: Site, indices: tuple[int, ...] | list[int | None]) -> list[str | None]:
    return [site.posts[i].article.title if i is not None else None for i in indices]


def test_most_read_orders_by_views_then_newest_and_leaves_out_unviewed() -> None:
    site = site_of(
        art("мало", 1, views=5),
        art("много", 2, views=900),
        art("столько же новее", 4, views=5),
        art("без счётчика", 3),
        art("ноль", 5, views=0),
    )
    everything = tuple(range(len(site.posts)))
    assert titles(site, most_read(site, everything)) == ["много", "столько же новее", "мало"]
    assert titles(site, most_read(site, everything, count=1)) == ["много"]


def test_most_read_only_looks_at_the_candidates() -> None:
    site = site_of(art("a", 1, views=10), art("b", 2, views=20))
    older = tuple(i for i, p in enumerate(site.posts) if p.article.title == "a")
    assert titles(site, most_read(site, older)) == ["a"]


def test_previous_and_next_stay_within_the_main_topic() -> None:
    site = site_of(
        art("спорт 1", 1, topics=["Спорт"]),
        art("политика 1", 2, topics=["Политика"]),
        art("спорт 2", 3, topics=["Спорт", "Политика"]),
        art("политика 2", 4, topics=["Политика"]),
        art("спорт 3", 5, topics=["Спорт"]),
    )
    index = next(i for i, p in enumerate(site.posts) if p.article.title == "спорт 2")
    topic = topic_of(site, index)
    assert topic is not None and topic.name == "Спорт"
    assert titles(site, list(neighbours(topic, index))) == ["спорт 1", "спорт 3"]
    newest = next(i for i, p in enumerate(site.posts) if p.article.title == "спорт 3")
    assert titles(site, list(neighbours(topic, newest))) == ["спорт 2", None]


def test_an_article_without_topics_has_no_topic() -> None:
    site = site_of(art("без темы", 1))
    assert topic_of(site, 0) is None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Монголия", "MN"),
        ("япония", "JP"),
        ("  Узбекистан ", "UZ"),
        ("США", "US"),
        ("Соединённые Штаты", "US"),
        ("South Korea", "KR"),
        ("Южная Корея", "KR"),
        ("Кыргызстан", "KG"),
        ("Киргизия", "KG"),
        ("Кот-д'Ивуар", "CI"),
    ],
)
def test_country_names_in_russian_and_english_have_codes(name: str, code: str) -> None:
    assert country_code(name) == code


def test_flags_are_regional_indicator_pairs() -> None:
    assert flag("MN") == "\U0001f1f2\U0001f1f3"
    assert country_flag("Монголия") == "🇲🇳"
    assert country_flag("Атлантида") == ""
    assert country_code("Европейский союз") is None  # not a country: no flag
