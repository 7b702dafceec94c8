"""An lxml tree as a BeautifulSoup tree, built node by node: the page is parsed once.

BeautifulSoup's own lxml builder parses markup again and passes every node through its
parse-event machinery; copying the tree lxml already holds gives the same soup (a test
checks that) in about half the time, and skips serializing the page to re-parse it.
"""

from __future__ import annotations

from collections.abc import Collection

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PageElement
from lxml import html as lhtml

# What BeautifulSoup treats as whitespace in a string made only of it ("\n" or " " then).
_ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"


class _Builder:
    """One soup being filled: the element added last, and the builder's settings at hand."""

    def __init__(self) -> None:
        self.soup = BeautifulSoup("", "lxml")
        builder = self.soup.builder
        self.builder = builder
        self.attrs_class = builder.attribute_dict_class
        self.containers = builder.string_containers
        self.preserve = builder.preserve_whitespace_tags
        self.namespaces = self.soup._namespaces
        self.last: PageElement | None = None  # as in a parsed soup, the document precedes nothing

    def string(self, parent: Tag, value: str, keep: bool, kind: type[NavigableString]) -> None:
        """A text node appended to parent; keep: whitespace kept as is (inside <pre>)."""
        if not keep and not value.strip(_ASCII_SPACES):
            value = "\n" if "\n" in value else " "
        node = kind(value)
        node.setup(parent, self.last)
        parent.contents.append(node)
        self.last = node

    def element(
        self, source: lhtml.HtmlElement, parent: Tag, keep: bool, kind: type[NavigableString]
    ) -> None:
        """source and everything under it, appended to parent (libxml2 bounds the depth)."""
        name = source.tag
        # lxml gives strings only, which the dict's own setter would keep as they are.
        attrs = self.attrs_class(source.items()) if len(source.attrib) else None
        tag = Tag(
            self.soup, self.builder, name, None, None, attrs, parent, self.last,
            namespaces=self.namespaces,
        )  # fmt: skip
        parent.contents.append(tag)
        self.last = tag
        keep = keep or name in self.preserve
        kind = self.containers.get(name, kind)
        pending = source.text or ""
        for child in source:
            if isinstance(child.tag, str):
                if pending:
                    self.string(tag, pending, keep, kind)
                    pending = ""
                self.element(child, tag, keep, kind)
            pending += child.tail or ""  # a comment's tail joins the text around it
        if pending:
            self.string(tag, pending, keep, kind)


def soup_from_lxml(root: lhtml.HtmlElement) -> BeautifulSoup:
    """The soup BeautifulSoup(markup, "lxml") makes of the markup that root was parsed from."""
    builder = _Builder()
    builder.element(root, builder.soup, False, NavigableString)
    return builder.soup


def named(root: Tag, names: Collection[str]) -> list[Tag]:
    """The elements under root with one of the names, in document order (find_all's answer,
    without its matching machinery: several times faster)."""
    return [tag for tag in root.descendants if isinstance(tag, Tag) and tag.name in names]


def first_named(root: Tag, names: Collection[str]) -> Tag | None:
    """The first element under root with one of the names (find's answer, faster)."""
    return next((t for t in root.descendants if isinstance(t, Tag) and t.name in names), None)
