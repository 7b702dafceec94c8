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
from generator.model import ARTICLE_FIELDS, Article, StaticPage, body_text
from generator.slugs import slugify

_FENCE = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*$\r?\n?", re.S | re.M
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ISO_SHAPE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?\Z"
)
# What a browser takes for a URL scheme, once it has dropped tabs, newlines and leading controls.
_SCHEME = re.compile(r"[\x00-\x20]*([a-zA-Z][a-zA-Z0-9+.-]*):")
WEB_SCHEMES = ("http", "https")
MAX_TITLE = 1000
MAX_TERMS = 200
MAX_TERM = 200
# Bumped whenever parsing the same text gives a different result (it keys the build cache).
PARSER_VERSION = "1"
# YAML aliases can make a few lines expand to billions of values ("billion laughs").
MAX_VALUES = 100_000


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
        line, problem = _yaml_problem(exc, match.group(1))
        raise ContentError(where, f"front-matter is not valid YAML: {problem}", line) from None
    except RecursionError:
        raise ContentError(where, "front-matter is nested too deeply") from None
    except ValueError:  # only an integer longer than Python converts (4300 digits) gets here
        raise ContentError(where, "front-matter holds a number too long to read") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(where, "front-matter must be a mapping of keys to values")
    if not _small(data, MAX_VALUES):
        raise ContentError(
            where, f"front-matter holds more than {MAX_VALUES} values (aliases counted)"
        )
    # Blank lines around the body are layout, not content: dropping them makes
    # export-then-parse give back the same body.
    return {str(k): v for k, v in data.items()}, text[match.end() :].strip("\n")


def _small(data: object, limit: int) -> bool:
    """True when data holds at most limit values, every alias expanded (counted, not built)."""
    pending, seen = [data], 0
    while pending:
        value = pending.pop()
        seen += 1
        if seen > limit:
            return False
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return True


def _yaml_problem(exc: yaml.YAMLError, source: str) -> tuple[int | None, str]:
    """The line (counting the opening '---') and a one-line reason for a YAML error."""
    if isinstance(exc, yaml.reader.ReaderError):
        # The reader stops at characters YAML forbids (NUL, other C0 controls) before parsing.
        at = source[: exc.position].count("\n") + 2
        return at, f"character {exc.character:#06x} is not allowed"
    mark = getattr(exc, "problem_mark", None)
    return (mark.line + 2 if mark else None), getattr(exc, "problem", None) or "invalid YAML"


def shown(value: object, limit: int = 60) -> str:
    """A value as quoted in an error message: repr, cut so one hostile value stays one line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        except ValueError as exc:
            if _ISO_SHAPE.match(text):  # well formed, but no such day or time (2025-02-30)
                raise ValueError(f"impossible date {shown(value)}: {exc}") from None
            raise ValueError(f"not an ISO 8601 date: {shown(value)}") from None
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


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read in url (lower case), or None for a relative URL."""
    match = _SCHEME.match(re.sub(r"[\t\n\r]", "", url))
    return match.group(1).lower() if match else None


def _web_url(value: object, name: str) -> str | None:
    # Templates put these in href and src: only a web address or a relative path may go there
    # (a javascript: or data: URL would run or show whatever the source page chose).
    url = _optional_text(value, name)
    if url is not None and url_scheme(url) not in (None, *WEB_SCHEMES):
        raise ValueError(f"must be an http(s) URL or a relative path, got {shown(url)}")
    return url


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
        raise ValueError(f"expected a whole number of views, got {shown(value)}")
    return value


def _flag(value: object, name: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {shown(value)}")
    return value


def _kind(value: object) -> str:
    return {list: "a list", dict: "a mapping", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


_CHECKS: dict[str, Callable[[object, str], object]] = {
    "author": _optional_text,
    "source": _optional_text,
    "source_url": _web_url,
    "lang": _optional_text,
    "summary": _optional_text,
    "image": _web_url,
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
            raise ContentError(where, f"menu: expected a whole number, got {shown(menu)}")
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


class _Dumper(yaml.SafeDumper):
    """SafeDumper that quotes text holding YAML line breaks, so it reads back unchanged."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # NEL, LS and PS are line breaks to YAML: written plain, they come back as spaces.
    style = '"' if any(c in text for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def dump_front_matter(data: Mapping[str, Any], body: str) -> str:
    """A content file's text: YAML front-matter between '---' lines, then the body."""
    header = yaml.dump(
        dict(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )
    body = body.strip("\n")
    return f"---\n{header}---\n\n{body}\n" if body else f"---\n{header}---\n"


def dump_article(article: Article) -> str:
    """The text of a content file for the article."""
    return dump_front_matter(article_front_matter(article), body_text(article))
