"""Find what in a piece of HTML could run code, load from elsewhere or take the page over.

HTML is parsed the way a browser parses it (html5lib follows the WHATWG algorithm) and also
with lxml, so markup that two parsers read differently (mutation XSS) is seen both ways.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Tag

SAFE_SCHEMES = {"http", "https", "mailto"}
# Elements that run code, embed other documents, take input, or change where links go.
ACTIVE_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
    "portal", "style", "noscript", "template", "svg", "math", "input", "button", "textarea",
    "select", "audio", "video", "source", "track", "marquee", "xmp", "plaintext",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "ping", "cite", "longdesc", "manifest", "codebase", "lowsrc", "dynsrc", "icon", "usemap",
    "profile", "archive", "classid", "srcset", "imagesrcset",
}  # fmt: skip
# <link rel> values that make the browser fetch something.
LOADING_RELS = {"stylesheet", "import", "preload", "modulepreload", "prefetch", "prerender", "icon", "manifest", "preconnect", "dns-prefetch"}  # fmt: skip
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def scheme(url: str) -> str | None:
    """The scheme a browser reads in url (WHATWG: C0 and spaces trimmed, tabs/newlines gone)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip(_C0_AND_SPACE)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _is_absolute(url: str) -> bool:
    cleaned = re.sub(r"[\t\n\r]", "", url).strip(_C0_AND_SPACE).replace("\\", "/")
    return scheme(url) is not None or cleaned.startswith("//")


def _urls(name: str, value: str) -> list[str]:
    if name in ("srcset", "imagesrcset"):
        return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    return [value]


def _attributes(tag: Tag) -> list[tuple[str, str]]:
    return sorted(
        (name.lower(), " ".join(value) if isinstance(value, list) else str(value))
        for name, value in tag.attrs.items()
    )


def _is_data_script(tag: Tag) -> bool:
    """A JSON-LD block whose whole text is JSON: data for search engines, never run."""
    if str(tag.get("type", "")).strip().lower() != "application/ld+json" or tag.get("src"):
        return False
    try:
        json.loads(tag.get_text())
    except ValueError:
        return False
    return True


def _tag_findings(tag: Tag, allow_data: bool) -> Iterator[str]:
    name = tag.name.lower()
    attrs = _attributes(tag)
    if name in ACTIVE_ELEMENTS and not (allow_data and name == "script" and _is_data_script(tag)):
        text = tag.get_text() if name in ("script", "style") else ""
        yield f"<{name} {attrs}> {text!r}"
    if name == "meta" and any(attr == "http-equiv" for attr, _ in attrs):
        yield f"<meta {attrs}>"
    if name == "link":
        rel = tag.get("rel") or []
        rels = {r.lower() for r in (rel if isinstance(rel, list) else str(rel).split())}
        if rels & LOADING_RELS and _is_absolute(str(tag.get("href", ""))):
            yield f"<link {attrs}> loads from another host"
    for attr, value in attrs:
        if attr.startswith("on") or attr == "srcdoc":
            yield f"<{name} {attr}={value!r}>"
        elif attr in URL_ATTRIBUTES:
            for url in _urls(attr, value):
                if scheme(url) not in (None, *SAFE_SCHEMES):
                    yield f"<{name} {attr}={url!r}>"
        elif attr == "style" and re.search(r"expression|javascript|url\s*\(|@import", value, re.I):
            yield f"<{name} style={value!r}>"


def findings(html: str, allow_data: bool = False) -> set[str]:
    """Every active thing in html, as it appears to a browser or to lxml.

    allow_data: JSON-LD blocks (data, never run) are not counted; for whole pages.
    """
    found: set[str] = set()
    for parser in ("html5lib", "lxml"):
        soup = BeautifulSoup(html, parser)
        for tag in soup.find_all(True):
            found.update(_tag_findings(tag, allow_data))
    return found
