"""content/ -> articles and static pages; every bad file reported with its path and field."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.cache import BuildCache, FileStat, code_version, digest, html_key
from generator.config import SiteConfig
from generator.contentfile import PARSER_VERSION, parse_article, parse_page
from generator.errors import ContentError, DigestError
from generator.markup import TextFacts, text_facts
from generator.model import Article, BodyRef, StaticPage, body_text


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
        self.new_bodies: list[tuple[bytes, str]] = []
        self.facts: dict[str, TextFacts] = {}
        # Articles' bodies move to the cache when workers can read them there (a file).
        self.stores_bodies = cache is not None and cache.path is not None

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
            return self._keep_cached(cached)
        result = parse_file(self.config, self.fields, path, where, self.stores_bodies)
        return self._keep(result, where, stat)

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
            found.append(self._keep_cached(cached) if cached is not None else None)
            if cached is None:
                missing.append((len(found) - 1, path, where, stat))
        jobs = [
            (self.config, self.fields, path, where, self.stores_bodies)
            for _, path, where, _ in missing
        ]
        for (slot, _, where, stat), result in zip(missing, _parse_many(jobs), strict=True):
            found[slot] = self._keep(result, where, stat)
        return [item for item in found if item is not None]

    def _cached(self, where: str, stat: FileStat) -> Value | None:
        known = self.known.get(where)
        if known is None or known[0] != stat or self.cache is None:
            return None
        value: Value | None = self.cache.parsed(digest(self._key + where.encode() + known[1]))
        return value

    def _keep(self, result: ParseResult, where: str, stat: FileStat) -> Parsed:
        """Remember a freshly parsed file (and its body) for the cache."""
        value, errors, content_hash, body = result
        if content_hash is not None:
            # A file changed twice within the file system's timestamp resolution would keep
            # its stat: only stats old enough are remembered (git's "racy clean" rule).
            if time.time_ns() - stat.mtime_ns > RACY_NS:
                self.new_files.append((where, stat, content_hash))
                self.known[where] = (stat, content_hash)
            if value is not None:
                self.new_parsed.append((digest(self._key + where.encode() + content_hash), value))
        if body is not None:
            self.new_bodies.append(body)
            if len(self.new_bodies) >= BODY_BATCH and self.cache is not None:
                self.cache.remember_bodies(self.new_bodies)  # held at most a batch at a time
                self.new_bodies.clear()
        if value is None:
            return None, errors
        return self._keep_cached(value)[0], errors

    def _keep_cached(self, value: Value) -> Parsed:
        """Unpack an article's facts from a parsed value."""
        if isinstance(value, tuple):
            self.facts[value[0].path] = value[1]
            return value[0], []
        return value, []

    def flush(self) -> None:
        """Store what was read and parsed in this build."""
        if self.cache is not None:
            self.cache.remember_bodies(self.new_bodies)
            self.cache.remember_files(self.new_files)
            self.cache.remember_parsed(self.new_parsed)
        self.new_bodies.clear()
        self.new_files.clear()
        self.new_parsed.clear()


ParseJob = tuple[SiteConfig, tuple[str, ...], Path, str, bool]
# A file's value, its problems, its content hash, and its body when moved out of the article.
ParseResult = tuple[Value | None, list[ContentError], bytes | None, tuple[bytes, str] | None]
# Below this many files to parse, worker processes cost more than they save.
PARALLEL_PARSE = 400
# Bodies moved out of articles are written to the cache this many at a time.
BODY_BATCH = 500


def parse_file(
    config: SiteConfig, fields: tuple[str, ...], path: Path, where: str, store_body: bool = False
) -> ParseResult:
    """Read and parse one content file: its value, errors, content hash and stored body.

    store_body: an article's body is replaced by a reference, and returned beside it.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [ContentError(where, f"cannot read: {exc.strerror}")], None, None
    content_hash = digest(data)
    try:
        text = decode(data, where)
    except ContentError as exc:
        return None, [exc], content_hash, None
    if where.startswith("content/pages/"):
        page, errors = parse_page(text, where)
        return page, errors, content_hash, None
    article, errors = parse_article(text, where, config.tz, fields)
    if article is None:
        return None, errors, content_hash, None
    body = body_text(article)
    facts = text_facts(body)
    if not store_body:
        return (article, facts), errors, content_hash, None
    key = html_key(body)
    return (replace(article, body=BodyRef(key)), facts), errors, content_hash, (key, body)


def _parse_job(job: ParseJob) -> ParseResult:
    return parse_file(*job)


def _parse_many(jobs: list[ParseJob]) -> Iterator[ParseResult]:
    """Parse files, in worker processes when there are many (Markdown facts are CPU-bound).

    Results come one by one, in order, so the caller can store bodies as they arrive.
    """
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(jobs) < PARALLEL_PARSE:
        yield from (parse_file(*job) for job in jobs)
        return
    from generator.engine import die_with_parent, mark_parent

    mark_parent()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=die_with_parent) as pool:
        yield from pool.map(_parse_job, jobs, chunksize=64)


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
