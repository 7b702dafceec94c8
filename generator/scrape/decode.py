"""Bytes of a page -> text: BOM, then the HTTP header, then the meta tag, else detection."""

from __future__ import annotations

import codecs
import re
from email.message import Message

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_PRESCAN = 4096  # the HTML standard looks for the meta tag in the first 1024 bytes; be lenient
# Labels that browsers treat as another encoding (WHATWG Encoding Standard).
_ALIASES = {
    "iso-8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "x-cp1251": "windows-1251",
    "win-1251": "windows-1251",
    "koi8r": "koi8-r",
}
# What the detector may answer for short Russian text, and what it then means.
_CYRILLIC = ("windows-1251", "koi8-r", "mac-cyrillic", "ibm866", "iso-8859-5")


def charset_from_header(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value."""
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    return charset.strip().lower() if isinstance(charset, str) and charset.strip() else None


def charset_from_meta(data: bytes) -> str | None:
    """The charset a <meta> tag near the top of the page declares."""
    match = _META.search(data[:_PRESCAN])
    return match.group(1).decode("ascii").lower() if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None  # an unknown label is ignored, as browsers do


def _try(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        # A page labelled UTF-8 that is not (a common server mistake) is detected instead.
        return None


def detect(data: bytes) -> str:
    """Decode bytes whose encoding nobody declared."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=None).best()
    if best is not None and best.encoding:
        codec = _codec(best.encoding) or "windows-1251"
        if codec in _CYRILLIC:
            codec = _cyrillic(data)
        return data.decode(codec, errors="replace")
    return data.decode("windows-1251", errors="replace")


def _cyrillic(data: bytes) -> str:
    """windows-1251 or KOI8-R: the one that gives Russian its usual letter case pattern."""
    # In windows-1251 lowercase Cyrillic is 0xE0-0xFF; in KOI8-R it is 0xC0-0xDF.
    # Russian prose is mostly lowercase, so the busier range tells the two apart.
    high = [b for b in data if b >= 0xC0]
    upper_half = sum(1 for b in high if b >= 0xE0)
    return "windows-1251" if upper_half >= len(high) - upper_half else "koi8-r"


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """The page's text, in the encoding it declares or the one it is in."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    for label in (charset_from_header(content_type), charset_from_meta(data)):
        text = _try(data, _codec(label))
        if text is not None:
            return text
    return detect(data)


def decode_text(data: bytes) -> str:
    """A text dump's text: BOM, else UTF-8, else detection."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    return detect(data)
