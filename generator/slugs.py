"""Readable ASCII slugs: Cyrillic transliterated, anything else reduced to a safe path segment."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# One rule for titles and terms alike: Монголия -> mongoliya, Япония -> yaponiya.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Ukrainian, Belarusian, Kazakh, Mongolian and other Cyrillic alphabets of the region.
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "қ": "q", "ғ": "g", "ң": "n",
    "ө": "o", "ү": "u", "ұ": "u", "һ": "h", "ә": "a", "ӣ": "i", "ӯ": "u", "ҳ": "h",
    "ҷ": "j", "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "g",
    "ќ": "k", "ѕ": "dz",
}  # fmt: skip

MAX_LENGTH = 80
_SAFE = re.compile(r"[a-z0-9]+")


def transliterate(text: str) -> str:
    """Latin letters for Cyrillic ones; accents stripped from Latin; the rest left as is."""
    out = []
    for char in text.lower():
        if char in _CYRILLIC:
            out.append(_CYRILLIC[char])
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            out.extend(c for c in decomposed if not unicodedata.combining(c))
    return "".join(out)


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """A non-empty slug of [a-z0-9-] for any text; text with no letters gets a stable hash."""
    words = _SAFE.findall(transliterate(text))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_length]
    if not slug:
        # A title of only punctuation or of an unsupported script must still get a
        # stable, safe name: a digest of the text keeps it deterministic.
        slug = "n-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return slug


def is_safe_slug(slug: str) -> bool:
    """True for a slug that can be used as one path segment as is."""
    return bool(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)) and len(slug) <= 200
