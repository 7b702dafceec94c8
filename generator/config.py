"""digest.toml -> a frozen SiteConfig, with every problem reported at once."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.errors import ConfigError, DigestError, raise_all
from generator.slugs import is_safe_slug

CONFIG_NAME = "digest.toml"
LANGUAGES = ("ru", "en")


@dataclass(frozen=True)
class TaxonomyConfig:
    """A way of grouping articles: its URL segment, the front-matter key it reads, its title."""

    name: str
    field: str
    title: str | None = None  # None: the translated default for the built-in ones
    feeds: bool = False  # one Atom feed per term


DEFAULT_TAXONOMIES = (
    TaxonomyConfig("topics", "topics", feeds=True),
    TaxonomyConfig("countries", "countries", feeds=True),
    TaxonomyConfig("tags", "tags"),
    TaxonomyConfig("authors", "author"),
)


@dataclass(frozen=True)
class ScrapeConfig:
    """[scrape]: how the scraper fetches pages."""

    user_agent: str = "digest/0.1 (+https://github.com/; static news digest)"
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    delay: float = 1.0  # seconds between two requests to one host
    retries: int = 3
    respect_robots: bool = True


@dataclass(frozen=True)
class SiteConfig:
    """Everything digest.toml says, with defaults filled in."""

    root: Path
    title: str
    description: str = ""
    base_url: str = "http://127.0.0.1:8000/"
    language: str = "ru"
    timezone: str = "Europe/Moscow"
    theme: str = "default"
    articles_per_page: int = 20
    permalink: str = "/{year}/{month}/{slug}/"
    author: str = ""  # publisher named in feeds and structured data
    cname: str = ""  # custom domain for GitHub Pages
    feed_items: int = 30
    related_count: int = 5
    search: bool = True
    taxonomies: tuple[TaxonomyConfig, ...] = DEFAULT_TAXONOMIES
    scrape: ScrapeConfig = field(default_factory=ScrapeConfig)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, with slashes on both ends: '/' or '/repo/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".digest-cache"

    def taxonomy(self, name: str) -> TaxonomyConfig:
        return next(t for t in self.taxonomies if t.name == name)


_SITE_TYPES: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "description": str,
    "base_url": str,
    "language": str,
    "timezone": str,
    "theme": str,
    "articles_per_page": int,
    "permalink": str,
    "author": str,
    "cname": str,
    "feed_items": int,
    "related_count": int,
    "search": bool,
    "taxonomies": list,
    "scrape": dict,
}
_SCRAPE_TYPES: dict[str, type | tuple[type, ...]] = {
    "user_agent": str,
    "timeout": (int, float),
    "max_bytes": int,
    "max_redirects": int,
    "delay": (int, float),
    "retries": int,
    "respect_robots": bool,
}
_TAXONOMY_TYPES: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "field": str,
    "title": str,
    "feeds": bool,
}
_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list",
               dict: "a table", (int, float): "a number"}  # fmt: skip


def _check_types(
    table: dict[str, Any], types: dict[str, Any], prefix: str, where: str
) -> list[DigestError]:
    errors: list[DigestError] = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if key not in types:
            known = ", ".join(types)
            errors.append(ConfigError(where, f"unknown key '{name}' (known keys: {known})"))
            continue
        wanted = types[key]
        # bool is an int subclass in Python; in a config it is never a number.
        if isinstance(value, bool) and wanted is not bool or not isinstance(value, wanted):
            errors.append(
                ConfigError(where, f"'{name}' must be {_TYPE_NAMES[wanted]}, got {value!r}")
            )
    return errors


def _taxonomies(
    raw: list[Any], where: str, errors: list[DigestError]
) -> tuple[TaxonomyConfig, ...]:
    result: list[TaxonomyConfig] = []
    defaults = {t.name: t for t in DEFAULT_TAXONOMIES}
    for index, item in enumerate(raw):
        prefix = f"taxonomies[{index}]."
        if isinstance(item, str) and item in defaults:
            result.append(defaults[item])
            continue
        if not isinstance(item, dict):
            errors.append(
                ConfigError(
                    where,
                    f"'taxonomies[{index}]' must be a table or a built-in name (topics, countries, tags, authors), got {item!r}",
                )
            )
            continue
        found = _check_types(item, _TAXONOMY_TYPES, prefix, where)
        errors.extend(found)
        name = item.get("name")
        if not isinstance(name, str) or not is_safe_slug(name):
            errors.append(
                ConfigError(
                    where,
                    f"'{prefix}name' must be a lowercase URL segment such as 'regions', got {name!r}",
                )
            )
            continue
        if found:
            continue
        base = defaults.get(name)
        result.append(
            TaxonomyConfig(
                name=name,
                field=item.get("field", base.field if base else name),
                title=item.get("title", base.title if base else None),
                feeds=item.get("feeds", base.feeds if base else False),
            )
        )
    names = [t.name for t in result]
    for name in sorted({n for n in names if names.count(n) > 1}):
        errors.append(ConfigError(where, f"taxonomy '{name}' is defined twice"))
    return tuple(result)


def _check_values(config: dict[str, Any], where: str, errors: list[DigestError]) -> None:
    base_url = config.get("base_url")
    if isinstance(base_url, str):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            errors.append(
                ConfigError(
                    where,
                    f"'base_url' must be an absolute http(s) URL such as https://user.github.io/repo/, got {base_url!r}",
                )
            )
    if config.get("language", "ru") not in LANGUAGES:
        errors.append(
            ConfigError(
                where,
                f"'language' must be one of {', '.join(LANGUAGES)}, got {config['language']!r}",
            )
        )
    timezone = config.get("timezone")
    if isinstance(timezone, str):
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            errors.append(ConfigError(where, f"'timezone' is not a known time zone: {timezone!r}"))
    for key in ("articles_per_page", "feed_items"):
        value = config.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value < 1:
            errors.append(ConfigError(where, f"'{key}' must be at least 1, got {value}"))
    permalink = config.get("permalink")
    if isinstance(permalink, str) and (
        "{slug}" not in permalink or not permalink.startswith("/") or not permalink.endswith("/")
    ):
        errors.append(
            ConfigError(
                where,
                f"'permalink' must start and end with '/' and contain {{slug}}, got {permalink!r}",
            )
        )


def load_config(root: Path, overrides: dict[str, Any] | None = None) -> SiteConfig:
    """Read root/digest.toml; raise every problem in it at once."""
    path = root / CONFIG_NAME
    where = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            where, "not found: run digest in a site folder, or create one with 'digest init'"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(where, "not valid UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(where, f"not valid TOML: {exc}") from None
    raw.update(overrides or {})
    errors = _check_types(raw, _SITE_TYPES, "", where)
    if "title" not in raw or not str(raw.get("title", "")).strip():
        errors.append(ConfigError(where, "'title' is required"))
    scrape_raw = raw.pop("scrape", {})
    if isinstance(scrape_raw, dict):
        errors.extend(_check_types(scrape_raw, _SCRAPE_TYPES, "scrape.", where))
    taxonomies: tuple[TaxonomyConfig, ...] = DEFAULT_TAXONOMIES
    if isinstance(raw.get("taxonomies"), list):
        taxonomies = _taxonomies(raw.pop("taxonomies"), where, errors)
    _check_values(raw, where, errors)
    raise_all(errors)
    known = {k: v for k, v in raw.items() if k in _SITE_TYPES}
    if not known.get("base_url", "/").endswith("/"):
        known["base_url"] += "/"
    scrape = ScrapeConfig(**{k: v for k, v in scrape_raw.items() if k in _SCRAPE_TYPES})
    return SiteConfig(root=root, taxonomies=taxonomies, scrape=scrape, **known)
