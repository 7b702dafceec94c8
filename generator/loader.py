"""content/ -> articles and static pages; every bad file reported with its path and field."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
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
        where = path.relative_to(self.config.root).as_posix()
        try:
            stat = FileStat.of(path.stat())
        except OSError as exc:
            return None, [ContentError(where, f"cannot read: {exc.strerror}")]
        cached = None if force else self._cached(where, stat)
        if cached is not None:
            return self._keep(cached, [])
        value, errors, content_hash = parse_file(self.config, self.fields, path, where)
        return self._keep(value, errors, where, stat, content_hash)

    def read_all(self, paths: list[Path]) -> list[Parsed]:
        """Many files at once: those the cache lacks are parsed in parallel when many."""
        found: list[Parsed | None] = []
        missing: list[tuple[int, Path, str, FileStat]] = []
        for path in paths:
            where = path.relative_to(self.config.root).as_posix()
            try:
                stat = FileStat.of(path.stat())
            except OSError as exc:
                found.append((None, [ContentError(where, f"cannot read: {exc.strerror}")]))
                continue
            cached = self._cached(where, stat)
            found.append(self._keep(cached, []) if cached is not None else None)
            if cached is None:
                missing.append((len(found) - 1, path, where, stat))
        jobs = [(self.config, self.fields, path, where) for _, path, where, _ in missing]
        for (slot, _, where, stat), result in zip(missing, _parse_many(jobs), strict=True):
            found[slot] = self._keep(result[0], result[1], where, stat, result[2])
        return [item for item in found if item is not None]

    def _cached(self, where: str, stat: FileStat) -> Value | None:
        known = self.known.get(where)
        if known is None or known[0] != stat or self.cache is None:
            return None
        value: Value | None = self.cache.parsed(digest(self._key + where.encode() + known[1]))
        return value

    def _keep(
        self,
        value: Value | None,
        errors: list[ContentError],
        where: str = "",
        stat: FileStat | None = None,
        content_hash: bytes | None = None,
    ) -> Parsed:
        """Remember a freshly parsed file for the cache; unpack an article's facts."""
        if content_hash is not None and stat is not None:
            # A file changed twice within the file system's timestamp resolution would keep
            # its stat: only stats old enough are remembered (git's "racy clean" rule).
            if time.time_ns() - stat.mtime_ns > RACY_NS:
                self.new_files.append((where, stat, content_hash))
                self.known[where] = (stat, content_hash)
            if value is not None:
                self.new_parsed.append((digest(self._key + where.encode() + content_hash), value))
        if isinstance(value, tuple):
            self.facts[value[0].path] = value[1]
            return value[0], errors
        return value, errors

    def flush(self) -> None:
        """Store what was read and parsed in this build."""
        if self.cache is not None:
            self.cache.remember_files(self.new_files)
            self.cache.remember_parsed(self.new_parsed)
        self.new_files.clear()
        self.new_parsed.clear()


ParseJob = tuple[SiteConfig, tuple[str, ...], Path, str]
ParseResult = tuple[Value | None, list[ContentError], bytes | None]
# Below this many files to parse, worker processes cost more than they save.
PARALLEL_PARSE = 400


def parse_file(config: SiteConfig, fields: tuple[str, ...], path: Path, where: str) -> ParseResult:
    """Read and parse one content file: its value, errors and content hash."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [ContentError(where, f"cannot read: {exc.strerror}")], None
    content_hash = digest(data)
    try:
        text = decode(data, where)
    except ContentError as exc:
        return None, [exc], content_hash
    if where.startswith("content/pages/"):
        page, errors = parse_page(text, where)
        return page, errors, content_hash
    article, errors = parse_article(text, where, config.tz, fields)
    return ((article, text_facts(article.body)) if article else None), errors, content_hash


def _parse_job(job: ParseJob) -> ParseResult:
    return parse_file(*job)


def _parse_many(jobs: list[ParseJob]) -> list[ParseResult]:
    """Parse files, in worker processes when there are many (Markdown facts are CPU-bound)."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(jobs) < PARALLEL_PARSE:
        return [parse_file(*job) for job in jobs]
    from generator.engine import die_with_parent, mark_parent

    mark_parent()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=die_with_parent) as pool:
        return list(pool.map(_parse_job, jobs, chunksize=64))


def load_content(
    config: SiteConfig, reader: ContentReader | None = None
) -> tuple[Content, list[DigestError]]:
    """All articles and pages, plus every error found (the caller decides to stop)."""
    reader = reader or ContentReader(config)
    errors: list[DigestError] = []
    articles: list[Article] = []
    pages: list[StaticPage] = []
    paths = content_files(config.content_dir / "articles")
    paths += content_files(config.content_dir / "pages")
    for value, found in reader.read_all(paths):
        errors.extend(found)
        if isinstance(value, Article):
            articles.append(value)
        elif isinstance(value, StaticPage):
            pages.append(value)
    reader.flush()
    return Content(tuple(articles), tuple(pages), dict(reader.facts)), errors
