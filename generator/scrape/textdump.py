"""Text dumps of pages (the page's visible text, as saved by a browser or a crawler) -> Draft.

Site-specific patterns come from the profile's [text] section; the generic rules below
apply to every dump.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.scrape.draft import Draft
from generator.scrape.profiles import Profile, TextRules


def _compile(*sources: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(s, re.M | re.I) for s in sources)


# Rules every dump gets, after the profile's own.
GENERIC = TextRules(
    metadata=_compile(r"^(?:Автор|Author|By):[ \t]*(?P<author>[^©\n]{3,80}?)[ \t]*(?:©.*)?$"),
    source_url=_compile(r"^(?:URL|Source|Источник):[ \t]*<?(?P<url>https?://[^\s>]+)>?"),
    end=_compile(
        r"^(?:Добавить|Оставить|Написать) комментарий",
        r"^(?:Leave a (?:Reply|Comment)|Share this:?$|Related(?: posts| articles)?:?$)",
        r"^Поделиться(?: в соцсетях| с друзьями)?:?$",
        r"^(?:Читайте также|Похожие (?:записи|статьи|новости)|Вам также может понравиться)",
        r"\bBytes:[ \t]*\d+",
        r"Версия для печати$",
        r"^(?:Порекомендовать|Рекомендовать) (?:текст|статью)",
    ),
    remove=_compile(
        r"^(?:Фото|Photo|Фото на обложке|Источник фото)(?:[ \t]*[:—–-]|[ \t]+\S+:)",
        r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$",  # a bare e-mail address
        r"^(?:Телеграм|Telegram|Эл\.?[ \t]?почта|E-?mail)[ \t]*:[ \t]*\S+$",
        r"^@\w{3,}$",  # a bare Telegram handle
        r"^\[[^\]]*\]\(#?\)$",  # a link that goes nowhere: page chrome
    ),
    skip_title=_compile(
        r"^Вы сейчас просматриваете\s",
        r"^You are currently viewing\s",
        r"^(?:Главная|Home)[ \t]*[»/>|]",
    ),
)

_TERMINAL = '.!?…»"”)'
_LIST = re.compile(r"^(?:[-*+•][ \t]|\d{1,3}[.)][ \t]|>)")
_EMPTY_LINK = re.compile(r"\[([^\]]*)\]\(#?\)")
_MAX_TITLE = 250
_CAPTION_LINE = 60


@dataclass(frozen=True)
class _Meta:
    author: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    views: int | None = None
    date: str | None = None
    start: int | None = None  # where the metadata begins and ends in the text
    end: int | None = None


def _blocks(text: str) -> list[list[str]]:
    """Groups of consecutive non-blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _matches(line: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    return any(p.search(line) for p in patterns)


def _rules(profile: Profile | None) -> TextRules:
    """The profile's patterns first, then the generic ones."""
    own = profile.text if profile else TextRules()
    names = [f.name for f in fields(TextRules)]
    return TextRules(**{name: getattr(own, name) + getattr(GENERIC, name) for name in names})


def _metadata(text: str, rules: TextRules, profile: Profile | None) -> _Meta:
    for pattern in rules.metadata:
        match = pattern.search(text)
        if not match:
            continue
        found = {k: v.strip() for k, v in match.groupdict().items() if v and v.strip()}
        tags = tuple(t.strip() for t in re.split(r"[,;]", found.get("tags", "")) if t.strip())
        if profile is None or profile.tag_case == "lower":
            tags = tuple(t.lower() for t in tags)
        views = re.sub(r"\D", "", found.get("views", ""))
        return _Meta(
            author=found.get("author"),
            source=found.get("source"),
            tags=tags,
            views=int(views) if views else None,
            date=found.get("date"),
            start=match.start(),
            end=match.end(),
        )
    return _Meta()


_GENERIC_FORMATS = ("%d.%m.%Y, %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("январ", "jan"),
            ("феврал", "feb"),
            ("март", "mar"),
            ("апрел", "apr"),
            ("ма", "may"),
            ("июн", "jun"),
            ("июл", "jul"),
            ("август", "aug"),
            ("сентябр", "sep"),
            ("октябр", "oct"),
            ("ноябр", "nov"),
            ("декабр", "dec"),
        ],  # fmt: skip
        start=1,
    )
    for name in names
}
# "6 марта 2025, 15:44", "6 марта 2025 г. в 15:44", "March 6, 2025", "6 March 2025"
_WORDY = re.compile(
    r"^(?:(?P<d1>\d{1,2})\s+(?P<m1>[а-яёa-z]+)\.?|(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{1,2}),?)\s+"
    r"(?P<y>\d{4})(?:\s*г(?:ода|\.)?)?(?:,?\s*(?:в\s*|at\s*)?(?P<h>\d{1,2}):(?P<mi>\d{2}))?$",
    re.I,
)


def _month(word: str) -> int | None:
    word = word.lower()
    if word in ("мая", "май"):
        return 5
    return next((n for stem, n in _MONTHS.items() if stem != "ма" and word.startswith(stem)), None)


def _wordy_date(text: str) -> datetime | None:
    match = _WORDY.match(text)
    if not match:
        return None
    month = _month(match["m1"] or match["m2"])
    try:
        return datetime(
            int(match["y"]), month or 0, int(match["d1"] or match["d2"]),
            int(match["h"] or 0), int(match["mi"] or 0),
        )  # fmt: skip
    except ValueError:
        return None


def parse_date(text: str | None, profile: Profile | None) -> datetime | None:
    """A date string by the profile's formats or common ones, in the profile's time zone."""
    if not text:
        return None
    text = " ".join(text.split())
    moment: datetime | None = None
    for fmt in (profile.date_formats if profile else ()) + _GENERIC_FORMATS:
        try:
            moment = datetime.strptime(text, fmt)
            break
        except ValueError:
            continue
    if moment is None:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = _wordy_date(text)
    if moment is not None and moment.tzinfo is None and profile and profile.timezone:
        try:
            moment = moment.replace(tzinfo=ZoneInfo(profile.timezone))
        except (ZoneInfoNotFoundError, ValueError):
            pass  # a bad zone in a profile leaves the date naive: the site's zone applies
    return moment


def _find_title(blocks: list[list[str]], rules: TextRules) -> int | None:
    """Index of the block holding the title: the first heading-like line."""
    for index, block in enumerate(blocks):
        line = block[0].lstrip("#").strip()
        if len(block) > 1 and not block[0].startswith("#"):
            continue
        if not 3 <= len(line) <= _MAX_TITLE or line[-1] in ".,;:":
            continue
        if _matches(line, rules.skip_title) or _matches(line, rules.remove):
            continue
        if _matches(line, rules.end) or _LIST.match(line):
            continue
        return index
    return None


def _is_caption(block: list[str]) -> bool:
    """A hard-wrapped photo caption: several short lines, none ending a sentence."""
    return len(block) > 1 and all(
        len(line) <= _CAPTION_LINE and line[-1] not in _TERMINAL and not _LIST.match(line)
        for line in block
    )


def _is_furniture(text: str) -> bool:
    """Page furniture rather than a paragraph: a link list, a label, a stray short line."""
    lines = text.splitlines()
    if all(_LIST.match(line) for line in lines):
        return True
    return len(text.split()) < 3 or text[-1] not in _TERMINAL


def _paragraph(block: list[str]) -> str:
    """A block as one Markdown paragraph, or as a list kept line by line."""
    lines = [_EMPTY_LINK.sub(r"\1", line) for line in block]
    if any(_LIST.match(line) for line in lines):
        return "\n".join(lines)
    return " ".join(lines)


def _ends_open(text: str) -> bool:
    return text[-1] not in _TERMINAL and not text.endswith(":")


def _rejoin(paragraphs: list[str]) -> list[str]:
    """Join a paragraph the page layout cut mid-sentence ("но судьба" + "остальных ...")."""
    joined: list[str] = []
    for text in paragraphs:
        if joined and _ends_open(joined[-1]) and text[0].islower() and not _LIST.match(text):
            joined[-1] = f"{joined[-1]} {text}"
        else:
            joined.append(text)
    return joined


@dataclass(frozen=True)
class _Body:
    paragraphs: list[str]
    caption: str | None  # the first photo caption
    lead: list[str]  # short lines between the title and the text (a date, a rubric)


def _body(blocks: list[list[str]], title: str | None, rules: TextRules) -> _Body:
    """The body paragraphs, and what was set aside from around them."""
    kept: list[str] = []
    caption: str | None = None
    for block in blocks:
        if _matches(block[0], rules.end):
            break
        lines = [line for line in block if not _matches(line, rules.remove)]
        if not lines or (title and " ".join(lines).casefold() == title.casefold()):
            continue
        if _is_caption(lines):
            caption = caption or " ".join(lines)
            continue
        kept.append(_paragraph(lines))
    while kept and _is_furniture(kept[-1]):
        kept.pop()  # link lists, contact lines and other page furniture after the text
    lead: list[str] = []
    while (
        kept and _is_furniture(kept[0]) and (len(kept[0].split()) < 4 or parse_date(kept[0], None))
    ):
        lead.append(kept.pop(0))  # a date or rubric line between the title and the text
    return _Body(_rejoin(kept), caption, lead)


def detect_lang(text: str) -> str | None:
    """'ru' for mostly Cyrillic text, 'en' for mostly Latin text, else None."""
    cyrillic = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    if cyrillic + latin < 20:
        return None
    return "ru" if cyrillic >= latin else "en"


def _without_metadata(text: str, meta: _Meta) -> str:
    """The text the body is read from: up to a metadata block below the article, else all but it."""
    if meta.start is None or meta.end is None:
        return text
    before = text[: meta.start]
    # Below the article the metadata ends it (babr24); above it, it is just a line.
    if any(not _is_furniture(" ".join(block)) for block in _blocks(before)[1:]):
        return before
    return before + text[meta.end :]


def _source_url(text: str, rules: TextRules) -> str | None:
    for pattern in rules.source_url:
        match = pattern.search(text)
        if match and match.groupdict().get("url"):
            return match.group("url")
    return None


def parse_textdump(text: str, profile: Profile | None = None) -> Draft:
    """A text dump's title, body and metadata; what the dump does not give stays None."""
    text = text.replace("\r\n", "\n").replace("\u00a0", " ")
    rules = _rules(profile)
    meta = _metadata(text, rules, profile)
    blocks = _blocks(_without_metadata(text, meta))
    index = _find_title(blocks, rules)
    title = blocks[index][0].lstrip("#").strip() if index is not None else None
    found = _body(blocks[index + 1 :] if index is not None else blocks, title, rules)
    body = "\n\n".join(found.paragraphs)
    # The profile's metadata first; else a date line standing under the title.
    dates = [parse_date(meta.date, profile)] + [parse_date(line, profile) for line in found.lead]
    return Draft(
        title=title,
        markdown=body,
        author=meta.author,
        date=next((d for d in dates if d is not None), None),
        tags=list(meta.tags),
        views=meta.views,
        source=meta.source or (profile.source if profile else None),
        source_url=_source_url(text, rules),
        lang=(profile.lang if profile else None) or detect_lang(body or text),
        image_caption=found.caption,
    )
