"""Site profiles: declarative per-site extraction rules, one TOML file per site.

Shipped profiles live in generator/profiles/; a site's own in <site>/profiles/ and
take precedence. A profile is data, never code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.errors import ConfigError, DigestError, raise_all

SHIPPED = Path(__file__).resolve().parent.parent / "profiles"


@dataclass(frozen=True)
class HtmlRules:
    """[html]: CSS selectors for one site's saved or fetched pages."""

    body: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    views: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()  # boilerplate inside the body


@dataclass(frozen=True)
class TextRules:
    """[text]: line patterns (regular expressions) for text dumps of one site's pages."""

    # A line (or two joined lines) with named groups author, tags, views, date.
    metadata: tuple[re.Pattern[str], ...] = ()
    source_url: tuple[re.Pattern[str], ...] = ()  # named group url
    end: tuple[re.Pattern[str], ...] = ()  # the first matching line ends the body
    remove: tuple[re.Pattern[str], ...] = ()  # lines dropped wherever they are
    skip_title: tuple[re.Pattern[str], ...] = ()  # heading-like lines that are not the title
    detect: tuple[re.Pattern[str], ...] = ()  # a dump matching any of these is this site's


@dataclass(frozen=True)
class Profile:
    """One site's rules."""

    name: str
    path: str
    source: str | None = None  # the publication's name as articles credit it
    domains: tuple[str, ...] = ()
    timezone: str | None = None
    lang: str | None = None
    date_formats: tuple[str, ...] = ()  # strptime formats
    tag_case: str = "lower"  # lower | keep
    html: HtmlRules = field(default_factory=HtmlRules)
    text: TextRules = field(default_factory=TextRules)

    def matches_url(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def matches_text(self, text: str) -> bool:
        return any(p.search(text) for p in self.text.detect)


_TOP = {"name", "source", "domains", "timezone", "lang", "date_formats", "tag_case", "html", "text"}


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ConfigError(where, f"'{key}' must be text or a list of text")
    return tuple(items)


def _patterns(value: Any, key: str, where: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for source in _strings(value, key, where):
        try:
            compiled.append(re.compile(source, re.M))
        except re.error as exc:
            raise ConfigError(where, f"'{key}' has an invalid pattern {source!r}: {exc}") from None
    return tuple(compiled)


def _section(raw: Any, cls: type, key: str, where: str, convert: Any) -> Any:
    if raw is None:
        return cls()
    if not isinstance(raw, dict):
        raise ConfigError(where, f"'{key}' must be a table")
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(raw) - names)
    if unknown:
        raise ConfigError(
            where, f"unknown key '{key}.{unknown[0]}' (known: {', '.join(sorted(names))})"
        )
    return cls(**{k: convert(v, f"{key}.{k}", where) for k, v in raw.items()})


def load_profile(path: Path) -> Profile:
    """One profile file, checked."""
    where = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(where, f"not valid TOML: {exc}") from None
    unknown = sorted(set(raw) - _TOP)
    if unknown:
        raise ConfigError(where, f"unknown key '{unknown[0]}' (known: {', '.join(sorted(_TOP))})")
    tag_case = raw.get("tag_case", "lower")
    if tag_case not in ("lower", "keep"):
        raise ConfigError(where, f"'tag_case' must be 'lower' or 'keep', got {tag_case!r}")
    return Profile(
        name=str(raw.get("name") or path.stem),
        path=where,
        source=raw.get("source"),
        domains=tuple(d.lower() for d in _strings(raw.get("domains", []), "domains", where)),
        timezone=raw.get("timezone"),
        lang=raw.get("lang"),
        date_formats=_strings(raw.get("date_formats", []), "date_formats", where),
        tag_case=tag_case,
        html=_section(raw.get("html"), HtmlRules, "html", where, _strings),
        text=_section(raw.get("text"), TextRules, "text", where, _patterns),
    )


def load_profiles(site_root: Path | None) -> list[Profile]:
    """The site's profiles first, then the shipped ones; every bad file reported at once."""
    folders = [site_root / "profiles"] if site_root else []
    folders.append(SHIPPED)
    profiles: list[Profile] = []
    errors: list[DigestError] = []
    seen: set[str] = set()
    for folder in folders:
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            if path.stem in seen:
                continue  # a site's own profile replaces the shipped one of that name
            seen.add(path.stem)
            try:
                profiles.append(load_profile(path))
            except DigestError as exc:
                errors.append(exc)
    raise_all(errors)
    return profiles


def find_profile(profiles: list[Profile], url: str | None, text: str = "") -> Profile | None:
    """The first profile whose domains match the URL, else whose detect patterns match the text."""
    if url:
        for profile in profiles:
            if profile.matches_url(url):
                return profile
    for profile in profiles:
        if text and profile.matches_text(text):
            return profile
    return None
