"""Markdown -> plain text: the words a reader of the rendered body sees, one paragraph per block."""

from __future__ import annotations

import re
from functools import cache

from lxml import html as lhtml

from generator.markup import escaped_characters, render_markdown
from generator.scrape.mdtext import NotSimple, block_texts, document_is_simple

# Elements whose text is one paragraph; anything else that holds blocks is walked into.
_LEAVES = frozenset("p h1 h2 h3 h4 h5 h6 pre dt dd figcaption caption summary".split())
_CONTAINERS = frozenset(
    "div blockquote ul ol li dl table thead tbody tfoot section article details figure".split()
)
_CELLS = ("td", "th")
_SPACES = re.compile(r"\s+")
# A figure as htmlmd writes it: an image alone in its block, then an italic caption block.
IMAGE_BLOCK = re.compile(r"^!\[(?:\\.|[^\]\\])*\]\(([^)]*)\)$")
CAPTION_BLOCK = re.compile(r"^\*[^*\s].*\*$", re.S)


def to_text(markdown: str, *, figures: bool = True) -> str:
    """The body as plain text: paragraphs (headings, list items, table rows) separated by one
    blank line, no markup, no URLs; figures=False leaves out figure captions."""
    source = markdown if figures else without_figures(markdown)
    if not source.strip():
        return ""
    if not document_is_simple(source):
        return rendered_text(source)
    # Simple blocks are read directly (rendering is the slow part); runs of other blocks are
    # rendered together, as they may continue one another (a loose list). An indented block
    # may continue the list before it, so that list is rendered with it.
    paragraphs: list[str] = []
    others: list[str] = []
    blocks = source.split("\n\n")
    for index, block in enumerate(blocks):
        texts = _simple_texts(block, blocks[index + 1] if index + 1 < len(blocks) else "")
        if texts is None:
            others.append(block)
            continue
        if others:
            paragraphs.extend(_rendered("\n\n".join(others)))
            others = []
        for text in texts:
            _flush([text], paragraphs)
    if others:
        paragraphs.extend(_rendered("\n\n".join(others)))
    return "\n\n".join(paragraphs)


def rendered_text(markdown: str) -> str:
    """The text of markdown as Python-Markdown renders it (what to_text gives, more slowly)."""
    return "\n\n".join(_rendered(markdown)) if markdown.strip() else ""


def _simple_texts(block: str, after: str) -> list[str] | None:
    """The texts of a block read directly, or None when it must be rendered."""
    if block[:1] in ("-", "*", "+", ">") or block[:1].isdigit():
        if after[:1].isspace():
            return None  # the indented block after a list may belong to its last item
    try:
        return block_texts(block, _escaped())
    except NotSimple:
        return None


@cache
def _escaped() -> frozenset[str]:
    return escaped_characters()


def _rendered(markdown: str) -> list[str]:
    """The paragraphs of markdown as Python-Markdown renders it."""
    out: list[str] = []
    _collect(lhtml.fragment_fromstring(render_markdown(markdown), create_parent="div"), out)
    return out


def without_figures(markdown: str) -> str:
    """Markdown blocks minus figures: an image alone in its block and the italic caption under it."""
    kept: list[str] = []
    after_image = False
    for block in markdown.split("\n\n"):
        if IMAGE_BLOCK.match(block.strip()):
            after_image = True
            continue
        if not (after_image and CAPTION_BLOCK.match(block.strip())):
            kept.append(block)
        after_image = False
    return "\n\n".join(kept)


def _collect(element: lhtml.HtmlElement, out: list[str]) -> None:
    """Paragraphs of a container: its block children in turn, loose inline text between them."""
    run: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # a comment: only its tail is text
            run.append(child.tail or "")
            continue
        if child.tag in _LEAVES or child.tag in _CONTAINERS or child.tag == "tr":
            _flush(run, out)
            run = []
            if child.tag == "tr":
                cells = [_SPACES.sub(" ", _inline(c)).strip() for c in child if c.tag in _CELLS]
                if any(cells):
                    out.append("\t".join(cells))
            elif child.tag in _LEAVES:
                _flush([_inline(child)], out)
            else:
                _collect(child, out)
        else:
            run.append(_inline(child))
        run.append(child.tail or "")
    _flush(run, out)


def _inline(element: lhtml.HtmlElement) -> str:
    """An element's text as a browser joins it: no space added between inline pieces, a line
    break read as a space."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(" " if child.tag == "br" else _inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _flush(parts: list[str], out: list[str]) -> None:
    text = _SPACES.sub(" ", "".join(parts)).strip()
    if text:
        out.append(text)
