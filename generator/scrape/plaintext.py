"""Markdown -> plain text: the words a reader sees, paragraphs separated by one blank line."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup, Tag

_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "tr", "figcaption", "dt", "dd")


def to_text(source: str) -> str:
    """The body's text without markup: one paragraph per block element."""
    html = markdown.markdown(source, extensions=["tables", "fenced_code"])
    soup = BeautifulSoup(html, "lxml")
    paragraphs: list[str] = []
    for element in soup.find_all(_BLOCKS):
        if not isinstance(element, Tag) or element.find_parent(_BLOCKS):
            continue  # a block inside another is part of it (a paragraph in a list item)
        if element.name == "tr":
            cells = [c.get_text(" ", strip=True) for c in element.find_all(("td", "th"))]
            text = " | ".join(cells)
        else:
            text = " ".join(element.get_text(" ").split())
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)
