"""Dates as pages write them: ISO 8601, RFC 2822, and Russian or numeric dates in text."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?P<month>[а-яёa-z]{3,9})\.?"
_TIME = r"(?:\s*(?:,|в|г\.|года|\||-|—|–)?\s*(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d))?"
_WORDY = re.compile(
    r"\b(?P<day>[0-3]?\d)\s+" + _MONTH + r"(?:\s+(?P<year>(?:19|20)\d\d))?" + _TIME, re.I
)
_NUMERIC = re.compile(
    r"\b(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:19|20)\d\d)\b" + _TIME
)
_ISO_DAY = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b" + _TIME)
_TIME_FIRST = re.compile(r"\b(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)\s*[,|]?\s+(?=\d)")


def zone(name: str | None) -> tzinfo | None:
    """The named IANA zone, or None when the name is unknown."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def localize(value: datetime | None, tz: tzinfo | None) -> datetime | None:
    """A naive datetime placed in tz; aware ones and None pass through."""
    if value is None or value.tzinfo is not None or tz is None:
        return value
    return value.replace(tzinfo=tz)


def parse_machine(text: str | None) -> datetime | None:
    """An ISO 8601 or RFC 2822 timestamp as found in attributes and metadata."""
    if not text:
        return None
    text = text.strip()
    if len(text) > 64:
        return None
    iso = text.replace("Z", "+00:00").replace(" ", "T", 1) if text[:4].isdigit() else text
    iso = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", iso)  # +0300 -> +03:00
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    return parse_text(text)


def _month(name: str) -> int | None:
    name = name.lower()
    if name.isdigit():
        return int(name)
    for stem, number in MONTHS.items():
        if name.startswith(stem) and (stem != "ма" or name in ("мая", "май", "ма")):
            return number
    return None


def _build(match: re.Match[str], default_year: int | None) -> datetime | None:
    month = _month(match["month"])
    year = int(match["year"]) if match["year"] else default_year
    if month is None or year is None:
        return None
    hour = int(match["hour"]) if match["hour"] else 0
    minute = int(match["minute"]) if match["minute"] else 0
    try:
        return datetime(year, month, int(match["day"]), hour, minute)
    except ValueError:
        return None


def parse_text(text: str, formats: tuple[str, ...] = ()) -> datetime | None:
    """The first date in human text: '6 марта 2025, 15:44', '06.03.2025 15:44', '15:44 06.03.2025'."""
    text = " ".join(text.split())[:400]
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    swapped = _TIME_FIRST.match(text)
    if swapped:  # "15:44 06.03.2025": move the time after the date
        text = text[swapped.end() :] + " " + swapped["hour"] + ":" + swapped["minute"]
    for pattern in (_ISO_DAY, _NUMERIC, _WORDY):
        match = pattern.search(text)
        if match:
            found = _build(match, None)
            if found:
                return found
    return None
