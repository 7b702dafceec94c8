"""UI strings and dates the way the site's language writes them."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date, format_datetime

STRINGS: dict[str, dict[str, str]] = {
    "ru": {
        "home": "Главная",
        "topics": "Темы",
        "countries": "Страны",
        "tags": "Теги",
        "authors": "Авторы",
        "archive": "Архив",
        "search": "Поиск",
        "author": "Автор",
        "source": "Источник",
        "views": "Просмотры",
        "published": "Опубликовано",
        "previous": "Предыдущая",
        "next": "Следующая",
        "newer": "Новее",
        "older": "Старее",
        "related": "Читайте также",
        "page_n": "Страница {n}",
        "page_of": "Страница {n} из {total}",
        "articles_count": "{n} {word}",
        "no_articles": "Статей пока нет.",
        "not_found": "Страница не найдена",
        "not_found_text": "Такой страницы нет. Возможно, она была удалена или адрес набран с ошибкой.",
        "back_home": "На главную",
        "feed": "Лента Atom",
        "skip": "Перейти к содержанию",
        "pagination": "Страницы",
        "breadcrumbs": "Навигация",
        "all_terms": "Все {what}",
        "in_taxonomy": "{taxonomy}: {term}",
        "articles_in_month": "Статьи за {month}",
        "min_read": "{n} мин чтения",
        "menu": "Меню",
    },
    "en": {
        "home": "Home",
        "topics": "Topics",
        "countries": "Countries",
        "tags": "Tags",
        "authors": "Authors",
        "archive": "Archive",
        "search": "Search",
        "author": "Author",
        "source": "Source",
        "views": "Views",
        "published": "Published",
        "previous": "Previous",
        "next": "Next",
        "newer": "Newer",
        "older": "Older",
        "related": "Related reading",
        "page_n": "Page {n}",
        "page_of": "Page {n} of {total}",
        "articles_count": "{n} {word}",
        "no_articles": "No articles yet.",
        "not_found": "Page not found",
        "not_found_text": "There is no such page. It may have been removed, or the address mistyped.",
        "back_home": "Back to the front page",
        "feed": "Atom feed",
        "skip": "Skip to content",
        "pagination": "Pages",
        "breadcrumbs": "Breadcrumbs",
        "all_terms": "All {what}",
        "in_taxonomy": "{taxonomy}: {term}",
        "articles_in_month": "Articles of {month}",
        "min_read": "{n} min read",
        "menu": "Menu",
    },
}


def translate(language: str, key: str, **values: object) -> str:
    """The UI string for key in the language, with {placeholders} filled in."""
    text = STRINGS.get(language, STRINGS["en"]).get(key) or STRINGS["en"][key]
    return text.format(**values) if values else text


def plural_articles(language: str, n: int) -> str:
    """'5 статей', '1 article': a count with the right plural form."""
    if language == "ru":
        if n % 10 == 1 and n % 100 != 11:
            word = "статья"
        elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            word = "статьи"
        else:
            word = "статей"
    else:
        word = "article" if n == 1 else "articles"
    return f"{n} {word}"


def format_when(moment: datetime, language: str) -> str:
    """A date and time as readers of the language write it: '6 марта 2025, 15:44'."""
    if language == "ru":
        return format_datetime(moment, "d MMMM y, HH:mm", tzinfo=moment.tzinfo, locale="ru")
    return format_datetime(moment, "d MMMM y, HH:mm", tzinfo=moment.tzinfo, locale="en")


def format_day(moment: datetime, language: str) -> str:
    """A date without the time: '6 марта 2025'."""
    return format_date(moment.date(), "d MMMM y", locale=language)


def format_month(year: int, month: int, language: str) -> str:
    """A month as a heading: 'март 2025', 'March 2025'."""
    return format_date(datetime(year, month, 1).date(), "LLLL y", locale=language)
