"""Share metadata: JSON-LD that no front-matter can break out of, link preview values."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from generator.config import SiteConfig
from generator.loader import Content
from generator.metadata import article_share, breadcrumb_list, json_ld, news_article
from generator.model import Article
from generator.site import build_site
from generator.views import Link, Views

HOSTILE = '</script><script>alert(1)</script> & <!-- "кавычки"'


def views_of(*articles: Article, base_url: str = "https://example.org/digest/") -> Views:
    config = SiteConfig(root=Path("/nonexistent"), title="Дайджест", base_url=base_url)
    content = Content(tuple(articles), ())
    return Views(build_site(config, content, datetime(2026, 1, 1, tzinfo=UTC)))


def test_json_ld_cannot_close_its_script_element_and_reads_back_the_same() -> None:
    encoded = json_ld({"headline": HOSTILE})
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(str(encoded)) == {"headline": HOSTILE}


def test_news_article_has_author_dates_publisher_image_and_page() -> None:
    date = datetime(2025, 3, 6, 15, 44, tzinfo=UTC)
    views = views_of(
        Article(
            title=HOSTILE,
            date=date,
            updated=datetime(2025, 3, 7, tzinfo=UTC),
            author="Эрнест Баатырев",
            topics=("Политика",),
            tags=("монголия",),
            image="/digest/img/a.jpg",
            path="a.md",
        )
    )
    post = views.post(0)
    share = article_share(views, post)
    assert share.image == "https://example.org/digest/img/a.jpg"
    assert share.image_size is None  # an article's own picture: its size is not known
    assert share.section == "Политика" and share.tags == ("монголия",)
    data = news_article(views, post, share)
    assert data["@type"] == "NewsArticle" and data["headline"] == HOSTILE
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Эрнест Баатырев",
            "url": "https://example.org/digest/authors/ernest-baatyrev/",
        }
    ]
    assert data["datePublished"] == "2025-03-06T15:44:00+00:00"
    assert data["dateModified"] == "2025-03-07T00:00:00+00:00"
    assert data["publisher"]["name"] == "Дайджест"
    assert data["image"] == ["https://example.org/digest/img/a.jpg"]
    assert data["mainEntityOfPage"]["@id"] == post.permalink


def test_an_article_without_image_or_author_uses_the_site_picture_and_publisher() -> None:
    views = views_of(Article(title="t", date=datetime(2025, 3, 6, tzinfo=UTC), path="a.md"))
    share = article_share(views, views.post(0))
    assert share.image == "https://example.org/digest/static/share.png"
    assert news_article(views, views.post(0), share)["author"][0]["@type"] == "Organization"


def test_breadcrumbs_become_absolute_positions() -> None:
    views = views_of()
    crumbs = (Link("Главная", "/digest/"), Link("Страны", "/digest/countries/"))
    items = breadcrumb_list(views, crumbs)["itemListElement"]
    assert [(i["position"], i["name"], i["item"]) for i in items] == [
        (1, "Главная", "https://example.org/digest/"),
        (2, "Страны", "https://example.org/digest/countries/"),
    ]
    assert len(breadcrumb_list(views, ())["itemListElement"]) == 1
