from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import frontmatter
import pytest

from generator.contentfile import dump_article, parse_article, parse_page
from generator.model import Article

MOSCOW = ZoneInfo("Europe/Moscow")


def parse(text: str) -> tuple[Article | None, list[str]]:
    article, errors = parse_article(text, "content/articles/a.md", MOSCOW)
    return article, [e.message for e in errors]


def test_full_front_matter() -> None:
    article, errors = parse(
        "---\ntitle: Заголовок\ndate: 2025-03-06T15:44:00+08:00\nauthor: Автор\n"
        "tags: [политика, Монголия]\nviews: 578\nsource_url: https://babr24.com/?IDE=1\n"
        "region: Сибирь\n---\n\nТекст статьи.\n"
    )
    assert errors == []
    assert article is not None
    assert article.title == "Заголовок"
    assert article.date == datetime(2025, 3, 6, 15, 44, tzinfo=timezone(timedelta(hours=8)))
    assert article.tags == ("политика", "Монголия")
    assert article.views == 578
    assert article.body == "Текст статьи."
    assert article.extra == {"region": "Сибирь"}


def test_a_date_without_offset_takes_the_site_timezone() -> None:
    article, _ = parse("---\ntitle: x\ndate: 2025-03-06 15:44\n---\n")
    assert article is not None
    assert article.date.utcoffset() == timedelta(hours=3)
    article, _ = parse("---\ntitle: x\ndate: 2025-03-06\n---\n")
    assert article is not None and article.date.hour == 0


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("date: 2025-03-06", "title: missing"),
        ("title: x", "date: missing"),
        ("title: x\ndate: вчера", "date: not an ISO 8601 date"),
        ("title: x\ndate: 2025-02-30", "date: impossible date"),
        ("title: [a, b]\ndate: 2025-03-06", "title: expected text, got a list"),
        ("title: x\ndate: 2025-03-06\nauthor: [a, b]", "author: expected text, got a list"),
        ("title: x\ndate: 2025-03-06\nviews: много", "views: expected a whole number"),
        ("title: x\ndate: 2025-03-06\ndraft: yes please", "draft: expected true or false"),
        ("title: x\ndate: 2025-03-06\ntags: {a: 1}", "tags: expected a list of text"),
    ],
)
def test_each_invalid_field_is_named(front_matter: str, expected: str) -> None:
    article, errors = parse(f"---\n{front_matter}\n---\nbody\n")
    assert article is None
    assert any(expected in e for e in errors), errors
    assert all(e.startswith("content/articles/a.md") for e in errors)


def test_all_problems_of_one_file_are_reported() -> None:
    _, errors = parse("---\nauthor: [a]\nviews: -1\n---\n")
    assert len(errors) == 4  # title, date, author, views


def test_broken_yaml_names_the_line() -> None:
    _, errors = parse("---\ntitle: x\ndate: [2025\n---\n")
    assert len(errors) == 1
    assert "not valid YAML" in errors[0]
    assert errors[0].startswith("content/articles/a.md:")


def test_front_matter_must_be_a_mapping_and_present() -> None:
    assert "must be a mapping" in parse("---\n- a\n- b\n---\n")[1][0]
    assert "no front-matter" in parse("Просто текст\n")[1][0]


def test_dump_then_parse_gives_an_equal_article() -> None:
    original = Article(
        title="Узбекско-японское сотрудничество: «итоги»",
        date=datetime(2025, 3, 6, 15, 44, tzinfo=timezone(timedelta(hours=8))),
        body="Абзац один.\n\nАбзац два: *курсив*.",
        author="Эрнест Баатырев",
        tags=("политика", "общество"),
        countries=("Монголия", "Япония"),
        views=578,
        source="Babr24.com",
        source_url="https://babr24.com/?IDE=274354",
        extra={"region": "Сибирь"},
    )
    text = dump_article(original)
    parsed, errors = parse_article(text, "x.md", MOSCOW)
    assert errors == []
    assert parsed == original
    post = frontmatter.loads(text)
    assert post["title"] == original.title
    assert post.content == original.body


def test_static_page_slug_comes_from_the_file_name() -> None:
    page, errors = parse_page("---\ntitle: О нас\nmenu: 2\n---\nТекст\n", "content/pages/about.md")
    assert errors == [] and page is not None
    assert (page.slug, page.menu, page.body) == ("about", 2, "Текст")


def test_every_demo_article_round_trips() -> None:
    from pathlib import Path

    content = Path(__file__).resolve().parents[2] / "content" / "articles"
    files = sorted(content.rglob("*.md"))
    assert files
    for path in files:
        article, errors = parse_article(path.read_text(encoding="utf-8"), path.name, MOSCOW)
        assert errors == [] and article is not None, errors
        again, errors = parse_article(dump_article(article), path.name, MOSCOW)
        assert errors == [] and again == article, path
