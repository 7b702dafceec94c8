"""A cleaned article element as Markdown."""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin

from bs4 import NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from generator.scrape.plaintext import CAPTION_BLOCK, IMAGE_BLOCK, to_text

BLOCKS = frozenset(
    "address article aside blockquote center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul".split()
)
# A photo credit ending a caption: "... © Reuters", "... Photo by X /AFP", "... Фото: ТАСС".
_CAPTION_CREDIT = re.compile(
    r"\s*(©|\(c\)|(?:photos?|images?|pictures?) by\b|(?:фото|photo|foto|bild|credit)\s*:).*$",
    re.I,
)
_SKIP = (Comment, Declaration, Doctype, ProcessingInstruction)
_MAX_DEPTH = 120  # deeper markup is flattened to its text: no recursion limit on hostile pages
_SPACES = re.compile(r"[ \t\r\n\f\u00a0\u200b]+")
_ESCAPE = re.compile(r"([\\`*_\[\]])")
_LEADING = re.compile(r"^(#{1,6}\s|[>+-]\s|(\d+)[.)]\s)")
_URL_SAFE = "!#$%&'*+,/:;=?@[]~"  # reserved characters of a URI, and "%" of escapes made
_HTML_LIKE = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?\w+;)")


def escape(text: str) -> str:
    """Text that Markdown shows as written."""
    text = _ESCAPE.sub(r"\\\1", text)
    # "<noun>" would be read as an HTML tag and dropped, "&amp;" shown as "&": write entities.
    return _HTML_LIKE.sub(lambda m: "&lt;" if m.group() == "<" else "&amp;", text)


def _protect_start(block: str) -> str:
    """A paragraph starting like a heading, quote or list item stays a paragraph."""
    match = _LEADING.match(block)
    if not match:
        return block
    if match.group(2):  # "1. " is escaped after the number: "\\1." would show the backslash
        return f"{match.group(2)}\\{block[len(match.group(2)) :]}"
    return "\\" + block


class Converter:
    """Markdown for one element; links and images made absolute against base."""

    def __init__(self, base: str | None) -> None:
        self.base = base
        self.wrappers: set[int] = set()  # ids of inline elements that hold blocks

    def url(self, href: str | None) -> str | None:
        href = (href or "").strip()
        if not href or href.startswith(("javascript:", "data:", "#")):
            return None
        if self.base:
            try:
                href = urljoin(self.base, href)
            except ValueError:
                return None
        # A URL as an ASCII URI: spaces and letters beyond ASCII percent-encoded, as browsers
        # send them; the parentheses too, which would end a Markdown link.
        return quote(href, safe=_URL_SAFE).replace("(", "%28").replace(")", "%29")

    def convert(self, root: Tag) -> str:
        """The element's content as Markdown blocks separated by blank lines."""
        self.wrappers = _block_holders(root)
        return "\n\n".join(b for b in self.blocks(root, 0) if b.strip()).strip()

    def blocks(self, node: Tag, depth: int) -> list[str]:
        if depth > _MAX_DEPTH:
            text = _SPACES.sub(" ", node.get_text(" ")).strip()
            return [escape(text)] if text else []
        out: list[str] = []
        line: list[str] = []
        for child in node.children:
            if isinstance(child, Tag) and (child.name in BLOCKS or id(child) in self.wrappers):
                out.append(_protect_start(_join_inline(line)))
                line = []
                out.extend(self.block(child, depth + 1))
            else:
                line.append(self.inline(child, depth + 1))
        out.append(_protect_start(_join_inline(line)))
        return [b for b in out if b]

    def block(self, node: Tag, depth: int) -> list[str]:
        name = node.name
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = self.text_of(node, depth)
            return [f"{'#' * int(name[1])} {text}"] if text else []
        if name in ("ul", "ol"):
            return [self.list_block(node, depth)]
        if name == "blockquote":
            inner = "\n\n".join(self.blocks(node, depth))
            return (
                ["\n".join("> " + ln if ln else ">" for ln in inner.splitlines())] if inner else []
            )
        if name == "pre":
            code = node.get_text().strip("\n")
            return [f"```\n{code}\n```"] if code.strip() else []
        if name == "table":
            return [self.table(node, depth)]
        if name == "figure":
            return self.figure(node, depth)
        if name == "hr":
            return ["---"]
        return self.blocks(node, depth)

    def text_of(self, node: Tag, depth: int) -> str:
        """Inline Markdown of an element, on one line."""
        return _join_inline([self.inline(c, depth + 1) for c in node.children])

    def inline(self, node: object, depth: int) -> str:
        if isinstance(node, _SKIP):
            return ""
        if isinstance(node, NavigableString):
            return escape(_SPACES.sub(" ", str(node)))
        if not isinstance(node, Tag):
            return ""
        if depth > _MAX_DEPTH:
            return escape(_SPACES.sub(" ", node.get_text(" ")))
        name = node.name
        if name == "br":
            return "\n"
        if name == "img":
            return self.image(node)
        inner = "".join(self.inline(c, depth + 1) for c in node.children)
        if name == "a":
            href = self.url(node.get("href"))  # type: ignore[arg-type]
            return _wrap(inner, "[", f"]({href})") if href else inner
        if name in ("strong", "b"):
            return _wrap(inner, "**", "**")
        if name in ("em", "i"):
            return _wrap(inner, "*", "*")
        if name == "code" and inner.strip():
            return f"`{node.get_text().strip()}`"
        if name in ("sup", "sub"):
            return inner
        return inner

    def image(self, node: Tag) -> str:
        src = self.url(_image_source(node))
        if not src:
            return ""
        alt = escape(_SPACES.sub(" ", str(node.get("alt") or "")).strip())
        return f"![{alt}]({src})"

    def figure(self, node: Tag, depth: int) -> list[str]:
        images = [self.image(i) for i in node.find_all("img")]
        caption_tag = node.find("figcaption")
        caption = self.text_of(caption_tag, depth) if isinstance(caption_tag, Tag) else ""
        caption = _CAPTION_CREDIT.sub("", caption).strip()
        out = [i for i in images[:1] if i]
        if not out:
            if caption_tag is not None:
                caption_tag.extract()
            return self.blocks(node, depth) + ([f"*{caption}*"] if caption else [])
        return out + ([f"*{caption}*"] if caption else [])

    def list_block(self, node: Tag, depth: int) -> str:
        ordered = node.name == "ol"
        lines = []
        number = 0
        for item in node.find_all("li", recursive=False) or [node]:
            number += 1
            marker = f"{number}. " if ordered else "- "
            body = "\n\n".join(self.blocks(item, depth + 1)).strip()
            if not body:
                continue
            pad = " " * len(marker)
            first, *rest = body.splitlines()
            lines.append(marker + first)
            lines.extend(pad + ln if ln else "" for ln in rest)
        return "\n".join(lines)

    def table(self, node: Tag, depth: int) -> str:
        rows = []
        for tr in node.find_all("tr"):
            if tr.find_parent("table") is not node:
                continue  # a nested table's rows belong to that table
            cells = [
                self.text_of(c, depth).replace("|", "\\|").replace("\n", " ")
                for c in tr.find_all(["td", "th"], recursive=False)
            ]
            if any(cells):
                rows.append(cells)
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines.extend("| " + " | ".join(r) + " |" for r in rows[1:])
        return "\n".join(lines)


def _wrap(inner: str, before: str, after: str) -> str:
    """Markup around text, the text's own spaces kept outside it (Markdown wants no space just
    inside the marks, and CJK text no space added around a link)."""
    text = inner.strip()
    if not text:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{before}{text}{after}{trail}"


def _image_source(node: Tag) -> str | None:
    for attr in ("src", "data-src", "data-original", "data-lazy-src"):
        value = node.get(attr)
        if isinstance(value, str) and value.strip() and not value.startswith("data:"):
            return value
    srcset = node.get("srcset") or node.get("data-srcset")
    if isinstance(srcset, str) and srcset.strip():
        return srcset.split(",")[0].split()[0]
    return None


def _block_holders(root: Tag) -> set[int]:
    """Ids of the elements holding a block; an inline one (a link around a card) acts as a block."""
    holders: set[int] = set()
    for tag in root.descendants:
        if not isinstance(tag, Tag) or tag.name not in BLOCKS:
            continue
        parent = tag.parent
        while parent is not None and parent is not root and id(parent) not in holders:
            holders.add(id(parent))
            parent = parent.parent
    return holders


def _join_inline(parts: list[str]) -> str:
    """Inline pieces as one paragraph: spaces collapsed, line breaks kept as hard breaks."""
    text = "".join(parts)
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    text = "  \n".join(lines)
    return text


def first_figure(markdown: str) -> tuple[str | None, str | None]:
    """The URL and caption of the body's first figure (an image alone in its block)."""
    blocks = [b.strip() for b in markdown.split("\n\n")]
    for index, block in enumerate(blocks):
        match = IMAGE_BLOCK.match(block)
        if match:
            after = blocks[index + 1] if index + 1 < len(blocks) else ""
            caption = to_text(after[1:-1]) if CAPTION_BLOCK.match(after) else None
            return match.group(1), caption or None
    return None, None
