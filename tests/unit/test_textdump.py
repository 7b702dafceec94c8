"""Text dumps: title, body boundaries, metadata lines, rejoined paragraphs, captions."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from generator.scrape.profiles import find_profile, load_profiles
from generator.scrape.textdump import detect_lang, parse_textdump

DUMPS = Path(__file__).resolve().parents[1] / "data" / "textdumps"
PROFILES = load_profiles(None)


def parse(name: str):  # type: ignore[no-untyped-def]
    text = (DUMPS / name).read_text(encoding="utf-8")
    return parse_textdump(text, find_profile(PROFILES, None, text))


def test_babr24_dump_gives_every_field() -> None:
    draft = parse("000_ec5c70cd512d5d58.txt")
    assert draft.title == "Стратегическое партнерство: Япония инвестирует в развитие Монголии"
    assert draft.author == "Эрнест Баатырев"
    assert draft.date is not None and draft.date.isoformat() == "2025-03-06T15:44:00+08:00"
    assert draft.date.utcoffset() == timedelta(hours=8)
    assert draft.tags == ["благоустройство", "общество", "политика", "монголия"]
    assert draft.views == 578
    assert draft.source == "Babr24.com"
    assert draft.source_url == "https://babr24.com/?IDE=274354"
    assert draft.lang == "ru"


def test_babr24_body_boundaries_and_repairs() -> None:
    body = parse("000_ec5c70cd512d5d58.txt").markdown
    assert body.startswith("Япония выделит Монголии")
    assert body.endswith("взаимовыгодных отношений.")
    assert "но судьба остальных остается неизвестной" in body
    for gone in ("Фото:", "Министр иностранных", "Иваэ\n", "@", "gmail", "Автор:", "Bytes", "КОНТАКТЫ"):  # fmt: skip
        assert gone not in body, gone
    assert body.count("\n\n") == 6  # seven paragraphs


def test_wrapped_caption_becomes_one_line_outside_the_body() -> None:
    draft = parse("000_ec5c70cd512d5d58.txt")
    assert draft.image_caption == "Министр иностранных дел Японии Такэши Иваэ"


def test_wordpress_dump_skips_breadcrumb_and_repeated_title() -> None:
    draft = parse("003_4558b425ee2d5e55.txt")
    assert draft.title == "Узбекско-японское сотрудничество в современных условиях: достижения и перспективы"  # fmt: skip
    assert (draft.author, draft.date, draft.views, draft.source_url) == (None, None, None, None)
    assert draft.markdown.startswith("Узбекско-японские отношения прошли")
    assert draft.markdown.endswith("политической сферах.")
    assert "Вы сейчас просматриваете" not in draft.markdown
    assert "Добавить комментарий" not in draft.markdown


def test_generic_dump_without_a_profile() -> None:
    draft = parse("generic_no_profile.txt")
    assert draft.title == "Казахстан и Китай подписали соглашение о транзите"
    body = draft.markdown
    assert body.startswith("Астана и Пекин договорились")
    assert "транзите" not in body.split("\n\n")[0]
    assert "с трёх суток до одних." in body  # split mid-sentence, joined again
    assert "маршруту, вдвое" in body  # hard-wrapped lines are one paragraph
    assert body.endswith("паромами на Каспии.")
    for gone in ("Фото:", "Поделиться", "Телеграм", "Читайте", "info@"):
        assert gone not in body, gone
    assert draft.author is None and draft.date is None and draft.tags == []


def test_english_dump() -> None:
    draft = parse("english_wrapped_caption.txt")
    assert draft.title == "Japan and Mongolia sign a security deal"
    assert draft.lang == "en"
    assert draft.image_caption == "Foreign Minister Takeshi Iwaya and his Mongolian counterpart"
    assert draft.markdown.endswith("for two decades.")
    assert "Leave a Reply" not in draft.markdown and "counterpart" not in draft.markdown


def test_metadata_above_the_article_does_not_cut_it() -> None:
    text = "Заголовок новости\n\nАвтор: Иван Петров\n\n" + "Первый абзац текста статьи. " * 20
    draft = parse_textdump(text)
    assert draft.author == "Иван Петров"
    assert draft.markdown.startswith("Первый абзац")


def test_profile_date_without_zone_stays_naive() -> None:
    text = "Автор: А © Babr24.com ПОЛИТИКА 👁 5\n01.02.2024, 10:00\n"
    profile = find_profile(PROFILES, "https://babr24.com/?IDE=1")
    assert profile is not None and profile.name == "babr24"
    draft = parse_textdump("Заголовок\n\nТекст статьи о чём-то важном.\n\n" + text, profile)
    assert draft.date == datetime.fromisoformat("2024-02-01T10:00:00+08:00")
    assert draft.tags == ["политика"]


def test_language_by_script() -> None:
    assert detect_lang("Это русский текст, написанный кириллицей.") == "ru"
    assert detect_lang("This is English text written in Latin letters.") == "en"
    assert detect_lang("12345") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("06.03.2025, 15:44", datetime(2025, 3, 6, 15, 44)),
        ("6 марта 2025, 15:44", datetime(2025, 3, 6, 15, 44)),
        ("15 мая 2024 г. в 09:05", datetime(2024, 5, 15, 9, 5)),
        ("March 6, 2025", datetime(2025, 3, 6)),
        ("2025-03-06T15:44:00+08:00", datetime.fromisoformat("2025-03-06T15:44:00+08:00")),
        ("Политика", None),
    ],
)
def test_a_date_line_under_the_title_gives_the_date(line: str, expected: datetime | None) -> None:
    draft = parse_textdump(f"Заголовок\n\n{line}\n\nТекст статьи о важном событии.\n")
    assert draft.markdown == "Текст статьи о важном событии."
    assert draft.date == expected


@pytest.mark.parametrize(
    ("meta", "tags", "views", "dated"),
    [
        (
            "© Babr24.com ПОЛИТИКА, ОБЩЕСТВО 👁 1 578\n06.03.2025, 15:44 📌 9",
            ["политика", "общество"],
            1578,
            True,
        ),  # fmt: skip
        ("© Babr24.com ПОЛИТИКА\n06.03.2025, 15:44", ["политика"], None, True),
        ("© Babr24.com 👁 578", [], 578, False),
        ("© Babr24.com", [], None, False),
    ],
)
def test_babr24_metadata_line_variants(meta: str, tags: list[str], views: int | None, dated: bool) -> None:  # fmt: skip
    profile = find_profile(PROFILES, "https://babr24.com/?IDE=1")
    text = f"Заголовок\n\nПервый абзац статьи, довольно длинный.\n\nАвтор: Иван Петров {meta}\n\nURL: <https://babr24.com/?IDE=1>\n"  # fmt: skip
    draft = parse_textdump(text, profile)
    assert (draft.author, draft.source, draft.tags, draft.views) == ("Иван Петров", "Babr24.com", tags, views)  # fmt: skip
    assert (draft.date is not None) == dated
    assert draft.markdown == "Первый абзац статьи, довольно длинный."
