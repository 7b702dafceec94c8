from datetime import UTC, datetime, timedelta, timezone

from generator.i18n import format_day, format_month, format_when, plural_articles, translate

IRKUTSK = timezone(timedelta(hours=8))


def test_russian_dates_use_the_genitive_month() -> None:
    moment = datetime(2025, 3, 6, 15, 44, tzinfo=IRKUTSK)
    assert format_when(moment, "ru") == "6 марта 2025, 15:44"
    assert format_day(moment, "ru") == "6 марта 2025"
    assert format_month(2025, 3, "ru") == "март 2025"


def test_english_dates() -> None:
    moment = datetime(2025, 3, 6, 15, 44, tzinfo=IRKUTSK)
    assert format_when(moment, "en") == "6 March 2025, 15:44"
    assert format_month(2025, 3, "en") == "March 2025"


def test_time_is_shown_in_the_article_own_offset() -> None:
    moment = datetime(2025, 1, 1, 7, 5, tzinfo=UTC)
    assert format_when(moment, "ru") == "1 января 2025, 07:05"


def test_russian_plural_forms() -> None:
    assert [plural_articles("ru", n) for n in (1, 2, 5, 11, 21, 22, 112)] == [
        "1 статья",
        "2 статьи",
        "5 статей",
        "11 статей",
        "21 статья",
        "22 статьи",
        "112 статей",
    ]
    assert plural_articles("en", 1) == "1 article"
    assert plural_articles("en", 3) == "3 articles"


def test_translations_exist_in_both_languages() -> None:
    assert translate("ru", "archive") == "Архив"
    assert translate("en", "archive") == "Archive"
    assert translate("ru", "page_of", n=2, total=5) == "Страница 2 из 5"
