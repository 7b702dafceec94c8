"""content/ -> articles and static pages; every bad file reported with its path and field."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import BuildCache, FileStat, code_version, digest
from generator.config import SiteConfig
from generator.contentfile import PARSER_VERSION, parse_article, parse_page
from generator.errors import ContentError, DigestError
from generator.markup import TextFacts, text_facts
from generator.model import Article, StaticPage


@dataclass(frozen=True)
class Content:
    """Everything read from content/, drafts included."""

    articles: tuple[Article, ...]
    pages: tuple[StaticPage, ...]
    facts: Mapping[str, TextFacts] = field(default_factory=dict)  # article path -> its facts


def is_content_file(path: Path) -> bool:
    """False for editors' backups and hidden files."""
    # Editors' backups and hidden files sit next to articles; they are not articles.
    name = path.name
    return not name.startswith((".", "#", "~")) and not name.endswith("~")


def content_files(folder: Path) -> list[Path]:
    """The Markdown files under folder, in a stable order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.md") if p.is_file() and is_content_file(p))


def decode(data: bytes, where: str) -> str:
    """A content file's text; non-UTF-8 files are content errors."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(where, f"not UTF-8 text (byte {exc.start})") from None
    # The same newlines as reading in text mode: \r\n and lone \r both become \n.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, where: str) -> str:
    """A content file's text; unreadable or non-UTF-8 files are content errors."""
    return decode(path.read_bytes(), where)


def term_fields(config: SiteConfig) -> tuple[str, ...]:
    """Front-matter keys that hold terms of site-defined taxonomies."""
    builtin = {"tags", "topics", "countries", "author"}
    return tuple(t.field for t in config.taxonomies if t.field not in builtin)


RACY_NS = 2_000_000_000
Parsed = tuple[Article | StaticPage | None, list[ContentError]]
Value = Article | tuple[Article, TextFacts] | StaticPage


class ContentReader:
    """Parses content files, taking what the cache proves unchanged from the cache.

    A file whose (mtime_ns, size, inode) match the cache is not read; its parsed value is
    looked up by content hash, so a stale stat can never bring back an old parse.
    """

    def __init__(self, config: SiteConfig, cache: BuildCache | None = None) -> None:
        self.config = config
        self.cache = cache
        self.known = cache.file_hashes() if cache else {}
        self.fields = term_fields(config)
        self._key = (
            code_version() + f"{PARSER_VERSION}|{config.timezone}|{','.join(self.fields)}|".encode()
        )
        self.new_files: list[tuple[str, FileStat, bytes]] = []
        self.new_parsed: list[tuple[bytes, Value]] = []
        self.facts: dict[str, TextFacts] = {}

    def read(self, path: Path, force: bool = False) -> Parsed:
        """The article (content/articles) or page (content/pages) in one file.

        force: read the file even if its stat matches (it is known to have changed).
        """
        value, errors = self._read(path, force)
        if isinstance(value, tuple):
            self.facts[value[0].path] = value[1]
            return value[0], errors
        return value, errors

    def _read(self, path: Path, force: bool) -> tuple[Value | None, list[ContentError]]:
        where = path.relative_to(self.config.root).as_posix()
        is_page = where.startswith("content/pages/")
        try:
            stat = FileStat.of(path.stat())
        except OSError as exc:
            return None, [ContentError(where, f"cannot read: {exc.strerror}")]
        known = self.known.get(where)
        if known is not None and known[0] == stat and self.cache is not None and not force:
            key = digest(self._key + where.encode() + known[1])
            value = self.cache.parsed(key)
            if value is not None:
                return value, []
        try:
            data = path.read_bytes()
        except OSError as exc:
            return None, [ContentError(where, f"cannot read: {exc.strerror}")]
        content_hash = digest(data)
        # A file changed twice within the file system's timestamp resolution would keep its
        # stat: only stats old enough to be trusted are remembered (git's "racy clean" rule).
        if time.time_ns() - stat.mtime_ns > RACY_NS:
            self.new_files.append((where, stat, content_hash))
            self.known[where] = (stat, content_hash)
        try:
            text = decode(data, where)
        except ContentError as exc:
            return None, [exc]
        found: tuple[Value | None, list[ContentError]]
        if is_page:
            found = parse_page(text, where)
        else:
            article, errors = parse_article(text, where, self.config.tz, self.fields)
            found = ((article, text_facts(article.body)) if article else None), errors
        if found[0] is not None:
            self.new_parsed.append((digest(self._key + where.encode() + content_hash), found[0]))
        return found

    def flush(self) -> None:
        """Store what was read and parsed in this build."""
        if self.cache is not None:
            self.cache.remember_files(self.new_files)
            self.cache.remember_parsed(self.new_parsed)
        self.new_files.clear()
        self.new_parsed.clear()


def load_content(
    config: SiteConfig, reader: ContentReader | None = None
) -> tuple[Content, list[DigestError]]:
    """All articles and pages, plus every error found (the caller decides to stop)."""
    reader = reader or ContentReader(config)
    errors: list[DigestError] = []
    articles: list[Article] = []
    pages: list[StaticPage] = []
    for folder in ("articles", "pages"):
        for path in content_files(config.content_dir / folder):
            value, found = reader.read(path)
            errors.extend(found)
            if isinstance(value, Article):
                articles.append(value)
            elif isinstance(value, StaticPage):
                pages.append(value)
    reader.flush()
    return Content(tuple(articles), tuple(pages), dict(reader.facts)), errors
