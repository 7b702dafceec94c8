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
        "search_label": "Что найти",
        "search_button": "Найти",
        "search_hint": "Поиск по всем статьям дайджеста: слова находятся в любой форме.",
        "search_needs_js": "Поиск работает в браузере: для него нужен JavaScript, а он выключен. Все статьи доступны и без него — через разделы, теги и архив.",
        "search_unavailable": "Поиск временно недоступен: индекс для него не был построен. Статьи можно найти через разделы, теги и архив.",
        "search_loading": "Загрузка поиска…",
        "search_found": "Найдено: {n}",
        "search_nothing": "Ничего не найдено. Попробуйте другие слова или снимите фильтры.",
        "search_filters": "Уточнить",
        "most_read": "Самое читаемое",
        "in_topic": "Ещё в теме «{topic}»",
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
        "search_label": "Search for",
        "search_button": "Search",
        "search_hint": "Search every article of the digest.",
        "search_needs_js": "Search runs in your browser and needs JavaScript, which is turned off. Every article is still reachable through the sections, tags and the archive.",
        "search_unavailable": "Search is unavailable: its index was not built. Articles can be found through the sections, tags and the archive.",
        "search_loading": "Loading search…",
        "search_found": "Found: {n}",
        "search_nothing": "Nothing found. Try other words or clear the filters.",
        "search_filters": "Narrow down",
        "most_read": "Most read",
        "in_topic": "More in “{topic}”",
    },
}


def translate(language: str, key: str, **values: object) -> str:
    """The UI string for key in the language, with {placeholders} filled in."""
    text = STRINGS.get(language, STRINGS["en"]).get(key) or STRINGS["en"][key]
    return text.format(**values) if values else text


def _plural(language: str, n: int, russian: tuple[str, str, str], english: tuple[str, str]) -> str:
    """A count with the right plural form: Russian has three (1 статья, 2 статьи, 5 статей)."""
    if language == "ru":
        if n % 10 == 1 and n % 100 != 11:
            word = russian[0]
        elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            word = russian[1]
        else:
            word = russian[2]
    else:
        word = english[0] if n == 1 else english[1]
    return f"{n} {word}"


def plural_articles(language: str, n: int) -> str:
    """'5 статей', '1 article': a count with the right plural form."""
    return _plural(language, n, ("статья", "статьи", "статей"), ("article", "articles"))


def plural_views(language: str, n: int) -> str:
    """'578 просмотров', '1 view'."""
    return _plural(language, n, ("просмотр", "просмотра", "просмотров"), ("view", "views"))


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
