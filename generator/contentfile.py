"""The content contract: one Markdown file with YAML front-matter <-> one Article.

The scraper writes files with `dump_article`; the build reads them with `parse_article`.
Exporting an article and parsing it back gives an equal Article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any

import yaml

from generator.errors import ContentError
from generator.model import ARTICLE_FIELDS, Article, StaticPage
from generator.slugs import slugify

_FENCE = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*$\r?\n?", re.S | re.M
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TITLE = 1000
MAX_TERMS = 200
MAX_TERM = 200
# Bumped whenever parsing the same text gives a different result (it keys the build cache).
PARSER_VERSION = "1"


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as text, so dates are parsed one way (ours)."""


# libyaml parses the same documents about ten times faster; the pure-Python loader stays
# the reference, and is asked again for a failing document so errors read the same.
class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The C SafeLoader (when PyYAML has it) with the same timestamp rule."""


_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def split_front_matter(text: str, where: str) -> tuple[dict[str, Any], str]:
    """Front-matter mapping and body of a content file."""
    match = _FENCE.match(text)
    if not match:
        raise ContentError(where, "no front-matter: the file must start with a '---' line")
    try:
        data = _load_yaml(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ContentError(where, f"front-matter is not valid YAML: {problem}", line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(where, "front-matter must be a mapping of keys to values")
    # Blank lines around the body are layout, not content: dropping them makes
    # export-then-parse give back the same body.
    return {str(k): v for k, v in data.items()}, text[match.end() :].strip("\n")


def parse_date(value: object, tz: tzinfo) -> datetime:
    """An aware datetime from an ISO 8601 string, date or datetime; naive values take tz."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"not an ISO 8601 date: {value!r}") from None
    else:
        raise ValueError(f"expected an ISO 8601 date, got {type(value).__name__}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def _text(value: object, name: str, limit: int = 100_000) -> str:
    if isinstance(value, bool) or isinstance(value, (list, dict)):
        raise ValueError(f"expected text, got {_kind(value)}")
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {_kind(value)}")
    cleaned = _CONTROL.sub("", value).strip()
    if len(cleaned) > limit:
        raise ValueError(f"longer than {limit} characters ({len(cleaned)})")
    return cleaned


def _optional_text(value: object, name: str) -> str | None:
    if value is None:
        return None
    return _text(value, name) or None


def _terms(value: object, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError(f"expected a list of text, got {_kind(value)}")
    if len(items) > MAX_TERMS:
        raise ValueError(f"more than {MAX_TERMS} entries ({len(items)})")
    terms: list[str] = []
    for item in items:
        if isinstance(item, (list, dict)) or item is None:
            raise ValueError(f"expected a list of text, found {_kind(item)} in it")
        term = _text(item, name, MAX_TERM)
        if term and term not in terms:
            terms.append(term)
    return tuple(terms)


def _views(value: object, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"expected a whole number of views, got {value!r}")
    return value


def _flag(value: object, name: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _kind(value: object) -> str:
    return {list: "a list", dict: "a mapping", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


_CHECKS: dict[str, Callable[[object, str], object]] = {
    "author": _optional_text,
    "source": _optional_text,
    "source_url": _optional_text,
    "lang": _optional_text,
    "summary": _optional_text,
    "image": _optional_text,
    "tags": _terms,
    "topics": _terms,
    "countries": _terms,
    "views": _views,
    "draft": _flag,
}


def parse_article(
    text: str, where: str, tz: tzinfo, term_fields: tuple[str, ...] = ()
) -> tuple[Article | None, list[ContentError]]:
    """An Article from a file's text, or every problem found in it.

    term_fields names extra front-matter keys that hold taxonomy terms (site-defined
    taxonomies such as regions), validated like tags and kept in `extra`.
    """
    try:
        data, body = split_front_matter(text.replace("\r\n", "\n"), where)
    except ContentError as exc:
        return None, [exc]
    errors: list[ContentError] = []
    values: dict[str, Any] = {}

    def check(name: str, parse: Callable[[], object]) -> None:
        try:
            values[name] = parse()
        except ValueError as exc:
            errors.append(ContentError(where, f"{name}: {exc}"))

    if "title" not in data or data["title"] in (None, ""):
        errors.append(ContentError(where, "title: missing (every article needs a title)"))
    else:
        check("title", lambda: _text(data["title"], "title", MAX_TITLE))
        if values.get("title") == "":
            errors.append(ContentError(where, "title: empty"))
    if "date" not in data or data["date"] in (None, ""):
        errors.append(ContentError(where, "date: missing (every article needs a date)"))
    else:
        check("date", lambda: parse_date(data["date"], tz))
    if data.get("updated") not in (None, ""):
        check("updated", lambda: parse_date(data["updated"], tz))
    if data.get("slug") not in (None, ""):
        check("slug", lambda: slugify(_text(data["slug"], "slug", MAX_TITLE)))
    for name, parse in _CHECKS.items():
        if name in data:
            check(name, lambda name=name, parse=parse: parse(data[name], name))  # type: ignore[misc]
    extra = {k: v for k, v in data.items() if k not in ARTICLE_FIELDS}
    for name in term_fields:
        if name in extra:
            try:
                extra[name] = list(_terms(extra[name], name))
            except ValueError as exc:
                errors.append(ContentError(where, f"{name}: {exc}"))
    if errors:
        return None, errors
    return Article(body=body, extra=extra, path=where, **values), []


def parse_page(text: str, where: str) -> tuple[StaticPage | None, list[ContentError]]:
    """A static page from a file's text, or every problem found in it."""
    try:
        data, body = split_front_matter(text, where)
        title = _text(data.get("title") or "", "title", MAX_TITLE)
        if not title:
            raise ContentError(where, "title: missing (every page needs a title)")
        stem = where.rsplit("/", 1)[-1].removesuffix(".md")
        slug = slugify(_text(data.get("slug") or stem, "slug", MAX_TITLE))
        menu = data.get("menu")
        if menu is not None and (isinstance(menu, bool) or not isinstance(menu, int)):
            raise ContentError(where, f"menu: expected a whole number, got {menu!r}")
        known = {"title", "slug", "summary", "menu", "draft"}
        page = StaticPage(
            title=title,
            slug=slug,
            body=body,
            summary=_optional_text(data.get("summary"), "summary"),
            menu=menu,
            draft=_flag(data.get("draft"), "draft"),
            extra={k: v for k, v in data.items() if k not in known},
            path=where,
        )
    except ContentError as exc:
        return None, [exc]
    except ValueError as exc:
        return None, [ContentError(where, str(exc))]
    return page, []


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def article_front_matter(article: Article) -> dict[str, Any]:
    """The article's front-matter mapping, in the canonical key order, without empty fields."""
    data: dict[str, Any] = {}
    for name in ARTICLE_FIELDS:
        value = getattr(article, name)
        if name in ("tags", "topics", "countries"):
            data[name] = list(value)  # kept even when empty: an editor sees where they go
        elif value is not None and value is not False:
            data[name] = _plain(value)
    data.update(article.extra)
    return data


def dump_front_matter(data: Mapping[str, Any], body: str) -> str:
    """A content file's text: YAML front-matter between '---' lines, then the body."""
    header = yaml.safe_dump(
        dict(data), allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000
    )
    body = body.strip("\n")
    return f"---\n{header}---\n\n{body}\n" if body else f"---\n{header}---\n"


def dump_article(article: Article) -> str:
    """The text of a content file for the article."""
    return dump_front_matter(article_front_matter(article), article.body)
