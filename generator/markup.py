"""Markdown to safe HTML: Python-Markdown with the usual extensions, then a real sanitizer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import unescape

import markdown
import nh3

from generator.slugs import slugify

# Bumped whenever the HTML produced for the same Markdown changes (it keys the cache).
RENDERER_VERSION = "1"

EXTENSIONS = ["tables", "footnotes", "fenced_code", "sane_lists", "toc", "attr_list", "abbr"]

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir"},
    "a": {"href"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "blockquote": {"cite"},
}
# Only these classes survive: the ones the footnotes extension writes.
ALLOWED_CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _anchor(value: str, separator: str) -> str:
    # Heading anchors use the same transliteration as every other slug in the site.
    return slugify(value, 60)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=EXTENSIONS,
        extension_configs={"toc": {"slugify": _anchor, "permalink": False}},
        output_format="html",
    )


def escaped_characters() -> frozenset[str]:
    """The characters a backslash escapes in the Markdown that render_markdown reads."""
    return frozenset(_converter().ESCAPED_CHARS)


def sanitize(html: str) -> str:
    """HTML with only inert markup: no script, iframe, style, event handlers or unsafe URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        allowed_classes=ALLOWED_CLASSES,
    )


def render_markdown(text: str) -> str:
    """Safe HTML for an article or page body."""
    converter = _converter()
    try:
        html = converter.reset().convert(text)
    finally:
        converter.reset()
    return sanitize(html)


_TAG = re.compile(r"<[^>]+>")
_MD_SYNTAX = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)|[*_`#>|]+")


def plain_text(markdown_text: str) -> str:
    """The body's words without markup, for summaries, reading time and search."""
    text = _MD_SYNTAX.sub(lambda m: m.group(1) or " ", _TAG.sub(" ", markdown_text))
    return re.sub(r"\s+", " ", unescape(text)).strip()


_BLOCKS = re.compile(r"\n\s*\n")


def first_paragraph(markdown_text: str) -> str:
    """The first paragraph of prose, as plain text (headings, images and lists skipped)."""
    for block in _BLOCKS.split(markdown_text):
        stripped = block.strip()
        if not stripped or stripped[0] in "#!|>-*+<`" or re.match(r"\d+\.\s", stripped):
            continue
        text = plain_text(stripped)
        if text:
            return text
    return ""


def shorten(text: str, limit: int = 280) -> str:
    """Text cut at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return cut + "…"


def reading_minutes(markdown_text: str, words_per_minute: int = 200) -> int:
    """Minutes a reader needs for the body, at least one."""
    # The words of plain_text(), without collapsing whitespace first: split() ignores runs
    # of it anyway, and the collapse was most of the time spent on a long article.
    text = _MD_SYNTAX.sub(lambda m: m.group(1) or " ", _TAG.sub(" ", markdown_text))
    return max(1, round(len(unescape(text).split()) / words_per_minute))


@dataclass(frozen=True)
class TextFacts:
    """What list pages show of a body without rendering it: its lead and reading time."""

    lead: str  # the first paragraph as plain text, shortened
    minutes: int


def text_facts(markdown_text: str) -> TextFacts:
    """The lead and reading time of a body (computed once per body and cached)."""
    return TextFacts(shorten(first_paragraph(markdown_text)), reading_minutes(markdown_text))
