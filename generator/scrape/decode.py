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


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH = bytes(range(0x80, 0x100))


def _stray_bytes(error: UnicodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 inside UTF-8 text: a letter cut off at the end is dropped,
    others are read as windows-1251 (the usual other encoding of a Russian page)."""
    assert isinstance(error, UnicodeDecodeError)
    if error.end >= len(error.object) and error.reason == "unexpected end of data":
        return "", error.end
    return bytes(error.object[error.start : error.end]).decode("windows-1251", "replace"), error.end


codecs.register_error("digest-stray-bytes", _stray_bytes)


def as_utf8(data: bytes) -> str | None:
    """The text when the bytes are (mostly) UTF-8 with letters beyond ASCII, else None.

    Such bytes are all but never another encoding, so they win over a wrong label. A page
    cut off in the middle of a letter, or with a fragment pasted from a windows-1251 page,
    keeps its UTF-8 text instead of turning wholly into mojibake.
    """
    high = len(data) - len(data.translate(None, _HIGH))
    if not high:
        return None  # plain ASCII: every label reads it the same
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    in_sequences = sum(len(found) for found in _UTF8_SEQUENCE.findall(data))
    if in_sequences * 2 < high:
        return None
    return data.decode("utf-8", errors="digest-stray-bytes")


# Two or more UTF-8 letters in a row: in single-byte Russian text such pairs are rare
# (a capital letter before a dash or a quote), in a pasted UTF-8 fragment they are every word.
_UTF8_RUN = re.compile(rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}){2,}")


def decode_as(data: bytes, codec: str, errors: str = "strict") -> str:
    """Bytes in codec; in a single-byte codec, runs of UTF-8 letters (a mixed page) as UTF-8."""
    if codec.startswith("utf"):
        return data.decode(codec, errors)
    runs = list(_UTF8_RUN.finditer(data))
    if sum(len(run.group()) for run in runs) < 8:
        return data.decode(codec, errors)
    pieces, start = [], 0
    for run in runs:
        pieces += [
            data[start : run.start()].decode(codec, errors),
            run.group().decode("utf-8", errors),
        ]
        start = run.end()
    return "".join(pieces) + data[start:].decode(codec, errors)


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
        return decode_as(data, codec)
    except UnicodeDecodeError:
        # A page labelled UTF-8 that is not (a common server mistake) is detected instead.
        return None


def detect(data: bytes) -> str:
    """Decode bytes whose encoding nobody declared."""
    text = as_utf8(data)
    if text is not None:
        return text
    best = from_bytes(data, cp_isolation=None).best()
    if best is not None and best.encoding:
        codec = _codec(best.encoding) or "windows-1251"
        if codec in _CYRILLIC:
            codec = _cyrillic(data)
        return decode_as(data, codec, errors="replace")
    return decode_as(data, "windows-1251", errors="replace")


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
    text = as_utf8(data)
    if text is not None:
        return text
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
