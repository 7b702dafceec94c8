"""Plain text of the simple Markdown blocks the converter writes, read without rendering them.

A paragraph, heading, rule, quote or list of one-line items, made of escaped text, links,
images, code spans and flat emphasis, reads the same as Python-Markdown renders it; anything
else (tables, code blocks, raw HTML, nested emphasis, reference links...) is reported as not
simple, for the full render to read. tests/unit/test_mdtext.py holds the two to the same text.
"""

from __future__ import annotations

import re

from markdown.blockprocessors import HashHeaderProcessor, HRProcessor

# Markdown that reaches across blocks: fences, raw HTML, footnotes, definitions, a table of
# contents, lines of spaces (which join or split blocks), tabs and controls (normalized).
_DOCUMENT_WIDE = re.compile(
    r"^(?:```|~~~)|<[A-Za-z/!?]|\[\^|\[TOC\]|^ {0,3}\*?\[[^\]\n]*\]:|^ +$|\n\n\n|"
    r"[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]",
    re.M,
)
# A line that starts a block of its own or turns the paragraph into something else.
_BLOCK_START = re.compile(r"^(?:[ #>]|[*+-] |\d+\. |[=-]+ *$)", re.M)
_QUOTED = re.compile(r"^>[ ]?")
_BULLET = re.compile(r"[*+-] +(.*)")
_NUMBER = re.compile(r"\d+\. +(.*)")
_SPECIAL = re.compile(
    r"  \n|\\.?|`[^`]+`(?!`)|!?\[|\]\([^\s()<>\"'\\`\[\]]*\)|\]|\*+|&#?\w+;?|[_`]", re.S
)
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}


class NotSimple(Exception):
    """Markdown this reader does not follow."""


def document_is_simple(markdown: str) -> bool:
    """Whether the blocks of markdown can be read one by one."""
    return _DOCUMENT_WIDE.search(markdown) is None


def block_texts(block: str, escaped: frozenset[str]) -> list[str]:
    """The texts of one block (a paragraph, heading, rule, quote or flat list); NotSimple for
    any other block."""
    if "\n" not in block and HRProcessor.SEARCH_RE.fullmatch(block):
        return []
    if block.startswith("#") and "\n" not in block:
        match = HashHeaderProcessor.RE.match(block)
        if match is None or match.end() != len(block):
            raise NotSimple
        return [_Line(match.group("header").strip(), escaped).text()]
    if block[:1] in ("", "\n") or block.endswith("\n") or HRProcessor.SEARCH_RE.search(block):
        raise NotSimple
    if block.startswith(">"):
        return _quote(block, escaped)
    items = _items(block)
    if items is not None:
        return [text for item in items for text in block_texts(item, escaped)]
    if _BLOCK_START.search(block) or ("\n" in block and "|" in block):  # a table has two lines
        raise NotSimple
    return [_Line(block, escaped).text()]


def _quote(block: str, escaped: frozenset[str]) -> list[str]:
    """A quote with every line marked: its lines unmarked as Python-Markdown does, read as blocks."""
    lines = block.split("\n")
    if not all(line.startswith(">") for line in lines):
        raise NotSimple
    inner = "\n".join("" if line.strip() == ">" else _QUOTED.sub("", line) for line in lines)
    return [text for part in inner.split("\n\n") for text in block_texts(part, escaped)]


def _items(block: str) -> list[str] | None:
    """The items of a list of one line each, all of one kind; None when block is no list."""
    kind = _BULLET if _BULLET.match(block) else _NUMBER if _NUMBER.match(block) else None
    if kind is None:
        return None
    lines = block.split("\n")
    matches = [kind.match(line) for line in lines]
    if not all(matches):
        raise NotSimple  # a continued item or a nested list
    return [match.group(1) for match in matches if match]


class _Token(str):
    """Text standing for a piece of markup (an escape, code, a link): to the emphasis rules
    it is neither space nor a star, as Python-Markdown's placeholder for it is."""


class _Run:
    """A run of stars, and whether it may open or close emphasis by what stands beside it."""

    def __init__(self, length: int, before: str, after: str) -> None:
        self.length = length
        self.closes = before not in ("", "*") and not before.isspace()
        self.opens = after not in ("", "*") and not after.isspace()


class _Line:
    """Inline Markdown read left to right: links and images nest, emphasis pairs up flat."""

    def __init__(self, source: str, escaped: frozenset[str]) -> None:
        self.source = source
        self.escaped = escaped

    def text(self) -> str:
        source = self.source
        if ("<" in source and ">" in source) or ("{" in source and "}" in source):
            raise NotSimple  # an e-mail autolink, an attribute list
        # A level holds the pieces of the line or of one link's text.
        levels: list[list[str | _Run]] = [[]]
        images: list[bool] = []
        pos = 0
        for match in _SPECIAL.finditer(self.source):
            levels[-1].append(self.source[pos : match.start()])
            pos = match.end()
            token = match.group()
            if token in ("[", "!["):
                if token == "[" and images.count(False):
                    raise NotSimple  # a link inside a link
                levels.append([])
                images.append(token == "![")
            elif token.startswith("]("):
                if len(levels) == 1:
                    raise NotSimple
                inner = _joined(levels.pop())
                levels[-1].append(_Token("" if images.pop() else inner))
            elif token[0] == "*":
                if len(token) > 2:
                    raise NotSimple
                after = self._after(match.end(), len(levels) > 1)
                levels[-1].append(_Run(len(token), _before(levels[-1]), after))
            else:
                levels[-1].append(_Token(self._token(token, match.start())))
        if len(levels) > 1:
            raise NotSimple
        levels[0].append(self.source[pos:])
        return _joined(levels[0])

    def _token(self, token: str, start: int) -> str:
        """The text of an escape, a code span, an entity or a line break."""
        head = token[0]
        if head == "\\" and token[1:] in self.escaped:
            return token[1]
        if head == "`" and len(token) > 1 and self.source[start - 1 : start] != "\\":
            return token[1:-1].strip()
        if token in _ENTITIES:
            return _ENTITIES[token]
        if token == "  \n":
            return " "
        # A backslash kept as written, an odd backtick, another entity, "]" without a link
        # target, "_" (emphasis by other rules).
        raise NotSimple

    def _after(self, end: int, in_link: bool) -> str:
        """The character after a star run as the emphasis rules see it; "" at the end."""
        if end >= len(self.source) or (in_link and self.source[end] == "]"):
            return ""
        return "x" if self.source.startswith("  \n", end) else self.source[end]


def _before(pieces: list[str | _Run]) -> str:
    """The character before the next piece as the emphasis rules see it; "" at the start."""
    for piece in reversed(pieces):
        if isinstance(piece, _Run):
            return "*"
        if isinstance(piece, _Token):
            return "x"
        if piece:
            return piece[-1]
    return ""


def _joined(pieces: list[str | _Run]) -> str:
    """A level's text: its star runs must pair up in turn as *em* or **strong**."""
    runs = [piece for piece in pieces if isinstance(piece, _Run)]
    if len(runs) % 2:
        raise NotSimple
    for opening, closing in zip(runs[::2], runs[1::2], strict=True):
        if not (opening.opens and closing.closes and opening.length == closing.length):
            raise NotSimple
    return "".join(piece for piece in pieces if isinstance(piece, str))
