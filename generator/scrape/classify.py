"""Countries and topics of an article, from a gazetteer and a topic vocabulary (data files).

Shipped data: generator/data/countries.toml and topics.toml. A site extends or overrides
them with files of the same names beside its digest.toml.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.errors import ConfigError, DigestError, raise_all
from generator.scrape.draft import Draft

DATA = Path(__file__).resolve().parent.parent / "data"
COUNTRY_KEYS = {"adj", "forms", "en", "abbr", "fixed", "case"}
TOPIC_KEYS = {"tags", "keywords", "name_en"}
TITLE_WEIGHT = 3  # a country in the title or the tags counts as much as three mentions
MIN_SCORE = 2  # below this, a country named in the body only is a passing mention
SHARE = 0.3  # and so is one named far less often than the article's main country
_START = r"(?<!\w)"
_END = r"(?!\w)"
# Case endings of Russian nouns, by the nominative's ending (singular and plural names).
_ENDINGS = (
    ("ия", "и(?:я|и|ю|ей|ею)"),
    ("ея", "е(?:я|и|ю|ей|ею)"),
    ("ья", "ь(?:я|и|ю|ей|ею)"),
    ("ы", "(?:ы|ов|ам|ами|ах)"),
    ("а", "(?:а|ы|и|е|у|ой|ою)"),
    ("й", "(?:й|я|ю|ем|е)"),
    ("ь", "(?:ь|я|и|ю|ем|е)"),
)


@dataclass(frozen=True)
class Country:
    """One gazetteer entry, its patterns compiled."""

    name: str
    anycase: re.Pattern[str] | None  # Russian forms, matched in any case
    exact: re.Pattern[str] | None  # proper names and abbreviations, matched as written


@dataclass(frozen=True)
class Topic:
    """One topic: the source tags that mean it and keywords to infer it."""

    name: str
    tags: frozenset[str]
    keywords: re.Pattern[str] | None


@dataclass(frozen=True)
class Vocabulary:
    """Everything classification needs."""

    countries: tuple[Country, ...]
    topics: tuple[Topic, ...]


def noun_forms(name: str, fixed: bool = False) -> str:
    """A pattern for the inflected forms of a one-word Russian name."""
    word = re.escape(name)
    if fixed or " " in name:
        return word
    for ending, forms in _ENDINGS:
        if name.endswith(ending):
            return re.escape(name[: -len(ending)]) + forms
    if name[-1] in "оеиуюэ":  # Того, Перу, Чили: foreign names in -о, -у, -и do not decline
        return word
    return word + "(?:а|у|ом|е)?"


def _alternation(parts: list[str], flags: int) -> re.Pattern[str] | None:
    if not parts:
        return None
    return re.compile(_START + "(?:" + "|".join(parts) + ")" + _END, flags)


def _country(name: str, entry: dict[str, Any]) -> Country:
    nouns = [noun_forms(name, bool(entry.get("fixed")))]
    adjectives = [re.escape(stem) + r"\w*" for stem in entry.get("adj", [])]
    anycase = adjectives + list(entry.get("forms", []))
    exact = [re.escape(e) for e in entry.get("en", []) + entry.get("abbr", [])]
    if entry.get("case"):
        # Also a common word ("Того же..."): only capitalised inside a sentence counts.
        exact.extend(r"(?<=\S\s)(?<![.!?…]\s)" + noun for noun in nouns)
    else:
        anycase.extend(nouns)
    return Country(name, _alternation(anycase, re.I), _alternation(exact, 0))


def _topic(name: str, entry: dict[str, Any]) -> Topic:
    stems = [re.escape(k) + r"\w*" for k in entry.get("keywords", [])]
    tags = frozenset(t.casefold() for t in entry.get("tags", []))
    return Topic(name, tags, _alternation(stems, re.I))


def _read(path: Path, table: str | None, known: set[str]) -> dict[str, dict[str, Any]]:
    """Entries of a data file, checked: name -> fields."""
    where = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(where, f"not valid TOML: {exc}") from None
    entries = raw.get(table, {}) if table else raw
    if not isinstance(entries, dict):
        raise ConfigError(where, f"'{table}' must be a table of entries")
    for name, entry in entries.items():
        if not isinstance(entry, dict):
            raise ConfigError(where, f"'{name}' must be a table")
        unknown = sorted(set(entry) - known)
        if unknown:
            raise ConfigError(where, f"'{name}': unknown key '{unknown[0]}' (known: {', '.join(sorted(known))})")  # fmt: skip
        for key, value in entry.items():
            wanted = {"fixed": bool, "case": bool, "name_en": str}.get(key, list)
            if not isinstance(value, wanted):
                kind = {bool: "true or false", str: "text"}.get(wanted, "a list of text")
                raise ConfigError(where, f"'{name}.{key}' must be {kind}")
            if key == "forms" and isinstance(value, list):
                _check_patterns(value, f"{name}.forms", where)
    return entries


def _check_patterns(values: list[Any], key: str, where: str) -> None:
    for value in values:
        try:
            re.compile(str(value))
        except re.error as exc:
            raise ConfigError(where, f"'{key}' has an invalid pattern {value!r}: {exc}") from None


def _merged(name: str, table: str | None, known: set[str], site_root: Path | None) -> dict[str, dict[str, Any]]:  # fmt: skip
    """Shipped entries, extended by the site's file of the same name: lists add up, flags replace."""
    entries = {k: dict(v) for k, v in _read(DATA / name, table, known).items()}
    own = site_root / name if site_root else None
    if own and own.is_file():
        for key, entry in _read(own, table, known).items():
            base = entries.setdefault(key, {})
            for field, value in entry.items():
                base[field] = base.get(field, []) + value if isinstance(value, list) else value
    return entries


def _term(name: str, entry: dict[str, Any], key: str, language: str) -> str:
    """The term articles are tagged with: the entry's name, or its English one on English sites."""
    if language != "en":
        return name
    english = entry.get(key)
    if isinstance(english, list):
        english = english[0] if english else None
    return english or name


def load_vocabulary(site_root: Path | None = None, language: str = "ru") -> Vocabulary:
    """The gazetteer and topic vocabulary, with the site's own additions; terms in `language`."""
    errors: list[DigestError] = []
    countries: dict[str, dict[str, Any]] = {}
    topics: dict[str, dict[str, Any]] = {}
    try:
        countries = _merged("countries.toml", None, COUNTRY_KEYS, site_root)
    except DigestError as exc:
        errors.append(exc)
    try:
        topics = _merged("topics.toml", "topics", TOPIC_KEYS, site_root)
    except DigestError as exc:
        errors.append(exc)
    raise_all(errors)
    return Vocabulary(
        countries=tuple(_country(_term(n, e, "en", language), e) for n, e in countries.items()),
        topics=tuple(_topic(_term(n, e, "name_en", language), e) for n, e in topics.items()),
    )


def mentions(text: str, vocabulary: Vocabulary) -> Counter[str]:
    """How often each country is named; a longer name wins over one inside it."""
    found: list[tuple[int, int, str]] = []
    for country in vocabulary.countries:
        for pattern in (country.anycase, country.exact):
            if pattern is not None:
                found.extend((m.start(), m.end(), country.name) for m in pattern.finditer(text))
    found.sort(key=lambda item: (item[0] - item[1], item[0]))  # longest first
    taken: list[tuple[int, int]] = []
    counts: Counter[str] = Counter()
    for start, end, name in found:
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
            counts[name] += 1
    return counts


def main_countries(title: str, tags: list[str], body: str, vocabulary: Vocabulary) -> list[str]:
    """The countries an article is about, in alphabetical order."""
    scores = mentions(body, vocabulary)
    named = set(mentions(title, vocabulary))
    for tag in tags:
        named.update(mentions(tag, vocabulary))
    for name in named:
        scores[name] += TITLE_WEIGHT
    if not scores:
        return []
    floor = max(MIN_SCORE, SHARE * max(scores.values()))
    return sorted(n for n, score in scores.items() if n in named or score >= floor)


def topics_of(tags: list[str], text: str, vocabulary: Vocabulary) -> list[str]:
    """Topics from the source's tags; inferred from keywords when no tag is known."""
    folded = {t.casefold() for t in tags}
    by_tag = [t.name for t in vocabulary.topics if t.tags & folded]
    if by_tag:
        return by_tag
    scores = {
        t.name: len(t.keywords.findall(text)) for t in vocabulary.topics if t.keywords is not None
    }
    best = max(scores.values(), default=0)
    if best < 3:
        return []  # too little to go on: the editor decides
    chosen = sorted((n for n, s in scores.items() if s >= 0.5 * best), key=lambda n: -scores[n])
    kept = set(chosen[:2])
    return [t.name for t in vocabulary.topics if t.name in kept]


def classify(draft: Draft, vocabulary: Vocabulary, text: str) -> Draft:
    """The draft with its countries and topics; text is its body as plain text."""
    title = draft.title or ""
    return replace(
        draft,
        countries=main_countries(title, draft.tags, text, vocabulary),
        topics=topics_of(draft.tags, f"{title}\n{text}", vocabulary),
    )
