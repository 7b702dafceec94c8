"""Inside the chosen body: what is still not the article (link lists, widgets, credits,
byline rows, the repeated title), removed."""

from __future__ import annotations

import re
from collections import Counter

from bs4 import Tag

from generator.scrape.body import (
    COMMAS,
    Measure,
    all_tags,
    attrs_of,
    class_weight,
    decompose,
    gone,
    link_density,
    similar,
    text_len,
)
from generator.scrape.soup import first_named, named

BOILER_TEXT = re.compile(
    r"^\s*(e-?mail|эл\.?\s*почта|телеграм|telegram|тел\.?|телефон|phone|whatsapp)\s*:.{0,80}$|"
    r"^\s*[\w.+-]+@[\w-]+\.[\w.]+\s*$|"
    r"^\s*(фото|фотография|иллюстрация|источник фото|photo|image|credit|pictured|foto|bild|"
    r"bildquelle|quelle)\s*[:：©]|^\s*©.{0,80}$|"
    r"^\s*(читайте|смотрите) также|^\s*(read|see) (also|more)\b|^\s*related\s*:|"
    r"^\s*поделиться|^\s*подпис(ывайтесь|аться)|^\s*добавить комментарий|"
    r"^\s*(share|subscribe|sign up)\b.{0,80}$|^\s*advertisement\s*$|^\s*реклама\s*$|"
    r"^\s*версия для печати|^\s*нашли ошибку|^\s*(photo|image|picture)s? by\b|"
    r"^\s*(sign in|sign up|log in|by signing up|thank you for subscribing|get email updates)\b|"
    r"^\s*(войти|зарегистрироваться|подпишитесь|присоединяйтесь к нам)\b|"
    r"^.{0,40}(newsletter|рассылк)|lesezeit|reading time|\bmin(ute)?s? read\b|время чтения|"
    r"^\s*(published|updated|publiziert|aktualisiert|опубликовано|обновлено)\b.{0,60}$|"
    r"^[\d\s.,:/|•-]*(uhr|gmt|utc|мск)?[\d\s.,:/|•-]*$|"
    r"^\s*(mehr zum thema|auch interessant|lesen sie (auch|mehr)|das könnte sie auch|"
    r"more (on|from) this|related (articles|stories|coverage)|you may also like|recommended for you|"
    r"(à )?lire aussi|leer más|te puede interesar|les også|läs också|czytaj (też|także)|"
    r"по теме|другие новости|новости по теме|похожие (новости|записи|материалы))\b.{0,60}$",
    re.I,
)
# What stands in for an embed or a script: consent prompts, "enable JavaScript".
_PLACEHOLDER = re.compile(
    r"(einwilligung|consent|zustimm|согласи)\w*.{0,200}(inhalt|content|embed|eingebettet|extern)|"
    r"(inhalt|content|embed|eingebettet|extern)\w*.{0,200}(einwilligung|consent|zustimm)|"
    r"(enable|aktivieren sie|включите)\s+javascript|javascript (is )?(disabled|deaktiviert)",
    re.I | re.S,
)
# Byline, date and counters: shown beside the text, never part of it.
_META_NAMES = re.compile(
    r"(^|[-_ ])(byline|author|authors|date|dateline|time|timestamp|views|view-count|counter|"
    r"meta|info|finfo|entry-meta|post-meta|article-meta|news-date-time|rating)([-_ ]|$)",
    re.I,
)
_CREDIT = re.compile(r"credit|copyright|photographer|attribution|photo-?source|image-?source", re.I)
_INLINE_NOTES = frozenset(["figcaption", "small", "cite", "em", "i", "span", "p", "div"])
_WORDY = re.compile(r"\w")
_HEADINGS = frozenset(["h1", "h2"])
_CANDIDATES = frozenset(
    ["div", "section", "ul", "ol", "table", "form", "p", "span", "h2", "h3", "h4"]
)
_EMPTIABLE = frozenset(["p", "div", "section", "span", "li", "ul", "ol", "figure"])
_SOLID = frozenset(["img", "table", "hr"])


def clean_content(root: Tag, title: str | None) -> None:
    """Inside the chosen body: link lists, stray widgets, credit lines and the title, removed."""
    decompose(t for t in named(root, _HEADINGS) if title and similar(t.get_text(), title))
    # Lengths measured once: an element only shrinks as parts go, so they are upper bounds.
    measure = Measure(root)
    decompose(
        t for t in all_tags(root) if measure.length(t) < 200 and _META_NAMES.search(attrs_of(t))
    )
    for tag in reversed(named(root, _CANDIDATES)):
        if gone(tag):
            continue
        if (measure.length(tag) < 400 and _boiler_text(tag)) or _conditionally_junk(tag):
            tag.decompose()
    for tag in all_tags(root):
        if gone(tag) or measure.length(tag) >= 300:
            continue
        credit = _CREDIT.search(attrs_of(tag)) and measure.length(tag) < 200
        if credit or (tag.name in _INLINE_NOTES and BOILER_TEXT.match(tag.get_text(" "))):
            tag.decompose()
    _remove_empty(root)


def _boiler_text(tag: Tag) -> bool:
    text = tag.get_text(" ")
    return len(text) < 400 and (
        BOILER_TEXT.match(text) is not None or _PLACEHOLDER.search(text) is not None
    )


def _conditionally_junk(tag: Tag) -> bool:
    """Readability's conditional cleaning: few words, many links, images or inputs."""
    if tag.name in ("p", "span", "h2", "h3", "h4"):
        return False
    inside = Counter(t.name for t in all_tags(tag))  # one walk instead of one per name
    if tag.name == "table" and (inside["th"] or inside["tr"] > 1):
        return False
    weight = class_weight(tag)
    length = text_len(tag)
    if weight < 0 and length < 1000:
        return True
    density = link_density(tag, length)
    commas = len(COMMAS.findall(tag.get_text()))
    if commas >= 10:
        return False
    paragraphs = inside["p"]
    images = inside["img"]
    items = inside["li"] - 100
    if tag.name in ("ul", "ol"):
        return density > 0.5 and length < 2000
    return bool(
        (images > 1 and paragraphs / images < 0.5 and not inside["figcaption"])
        or (items > paragraphs)
        or (
            length < 25
            and (images == 0 or images > 2)
            and not (inside["figure"] or inside["img"] or inside["table"])
        )
        or (weight < 25 and density > 0.2 and length < 1500)
        or (weight >= 25 and density > 0.5)
    )


def _remove_empty(root: Tag) -> None:
    """Blocks left without a word (separators such as ' | ' count as nothing), images aside."""
    measure = Measure(root)
    for tag in reversed(named(root, _EMPTIABLE)):
        if gone(tag) or measure.length(tag) > 20:
            continue
        if not _WORDY.search(tag.get_text()) and not first_named(tag, _SOLID):
            tag.decompose()
