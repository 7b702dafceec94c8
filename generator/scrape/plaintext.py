"""Markdown -> plain text: the words a reader of the rendered body sees, one paragraph per block."""

from __future__ import annotations

import re

from lxml import html as lhtml

from generator.markup import render_markdown

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
    root = lhtml.fragment_fromstring(render_markdown(source), create_parent="div")
    paragraphs: list[str] = []
    _collect(root, paragraphs)
    return "\n\n".join(paragraphs)


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
