"""Cleaned articles -> content/articles/YYYY/MM/<slug>.md, without ever losing an editor's work.

An article already in content/ is found by its source_url (or, for pages without one, by
its text). The scraper remembers the hash of every file it wrote, in the site's
.digest-cache/scrape.sqlite, so it can tell a file it may refresh from one an editor changed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, fields, replace
from datetime import datetime
from pathlib import Path

from generator.config import SiteConfig
from generator.contentfile import dump_article, parse_article
from generator.loader import content_files
from generator.model import Article, body_text
from generator.scrape.draft import Draft
from generator.scrape.similar import DUPLICATE, overlap, shingles
from generator.slugs import slugify
from generator.writer import write_atomic

# The scraper refreshes the fields of a file nobody edited since it wrote it (views on
# every run; the rest when the source or the classification changed) and never touches
# a file an editor changed.


@dataclass(frozen=True)
class Outcome:
    """What happened to one article: written, updated, unchanged or skipped, and why."""

    action: str
    path: Path | None = None
    note: str = ""


@dataclass(frozen=True)
class ExportItem:
    """One article to export; date_known is False when its date is the time it was scraped."""

    article: Article
    date_known: bool = True


@dataclass
class _Known:
    path: Path
    source_url: str | None
    shingles: frozenset[tuple[str, ...]]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Records:
    """The hash of the text the scraper last wrote to each content file."""

    def __init__(self, path: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        self._memory: dict[str, str] = {}
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS written (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL)"
            )

    def get(self, key: str) -> str | None:
        if self._db is None:
            return self._memory.get(key)
        row = self._db.execute("SELECT sha256 FROM written WHERE path = ?", (key,)).fetchone()
        return row[0] if row else None

    def set(self, key: str, sha: str) -> None:
        if self._db is None:
            self._memory[key] = sha
            return
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO written VALUES (?, ?)", (key, sha))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


class Exporter:
    """Writes articles into a site's content/ (or, in a dry run, says what it would write)."""

    def __init__(self, config: SiteConfig, now: datetime, dry_run: bool = False) -> None:
        self.config = config
        self.now = now.astimezone(config.tz).replace(microsecond=0)
        self.dry_run = dry_run
        self.articles = config.content_dir / "articles"
        self.records = Records(None if dry_run else config.cache_dir / "scrape.sqlite")
        self.known: list[_Known] = []
        self.taken: set[Path] = set()
        for path in content_files(self.articles):
            self.taken.add(path)
            article = self._read(path)
            if article is not None:
                self.known.append(
                    _Known(path, article.source_url, frozenset(shingles(body_text(article))))
                )

    def close(self) -> None:
        self.records.close()

    def _read(self, path: Path) -> Article | None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        article, _errors = parse_article(text, str(path), self.config.tz)
        return article

    def _key(self, path: Path) -> str:
        return path.relative_to(self.config.content_dir).as_posix()

    def export(self, item: ExportItem) -> Outcome:
        """Write a new article, refresh a known one, or say why not."""
        article = item.article
        marks = frozenset(shingles(body_text(article)))
        known = self._by_url(article.source_url)
        if known is None:
            best = max(self.known, key=lambda k: overlap(marks, k.shingles), default=None)
            share = overlap(marks, best.shingles) if best else 0.0
            if best is not None and share >= DUPLICATE:
                if best.source_url or article.source_url:
                    note = f"near-duplicate of {self._show(best.path)} ({share:.0%} of the text is the same)"  # fmt: skip
                    return Outcome("skipped", best.path, note)
                known = best  # the same page without a URL, scraped again
        if known is None:
            return self._write_new(article, marks)
        return self._refresh(known, item)

    def _by_url(self, url: str | None) -> _Known | None:
        return next((k for k in self.known if url and k.source_url == url), None)

    def _show(self, path: Path) -> str:
        """A path as the user sees it: relative to the site."""
        return path.relative_to(self.config.root).as_posix()

    def _write_new(self, article: Article, marks: frozenset[tuple[str, ...]]) -> Outcome:
        folder = self.articles / f"{article.date.year:04d}" / f"{article.date.month:02d}"
        slug = article.slug or slugify(article.title)
        path = folder / f"{slug}.md"
        number = 2
        while path in self.taken or path.exists():
            path = folder / f"{slug}-{number}.md"  # another article has this slug
            number += 1
        self._write(path, dump_article(article))
        self.taken.add(path)
        self.known.append(_Known(path, article.source_url, marks))
        return Outcome("written", path)

    def _write(self, path: Path, text: str) -> None:
        if self.dry_run:
            return
        write_atomic(path, text.encode("utf-8"))
        self.records.set(self._key(path), _sha(text))

    def _refresh(self, known: _Known, item: ExportItem) -> Outcome:
        path = known.path
        try:
            current_text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return Outcome("skipped", path, f"cannot read it: {exc}")
        current, errors = parse_article(current_text, str(path), self.config.tz)
        if current is None:
            return Outcome("skipped", path, f"cannot parse it: {errors[0].message if errors else '?'}")  # fmt: skip
        fresh = replace(
            item.article,
            date=current.date,  # the path is made from it: it stays (an editor may fix it)
            updated=current.updated,
            slug=current.slug,
        )
        recorded = self.records.get(self._key(path))
        if _sha(current_text) == recorded:
            return self._update(path, current, fresh, current_text)
        if dump_article(fresh) == current_text.replace("\r\n", "\n"):
            if not self.dry_run:
                self.records.set(self._key(path), _sha(current_text))
            return Outcome("unchanged", path)
        if recorded is not None and _sha(dump_article(fresh)) == recorded:
            return Outcome("unchanged", path, "edited by hand since it was scraped; kept as is")
        changed = ", ".join(_differences(current, fresh))
        return Outcome("skipped", path, f"conflict: edited by hand since it was scraped, so it is kept as is; the source now differs in: {changed}")  # fmt: skip

    def _update(self, path: Path, current: Article, fresh: Article, current_text: str) -> Outcome:
        """Refresh a file nobody edited since the scraper wrote it."""
        changed = _differences(current, fresh)
        if not changed:
            return Outcome("unchanged", path)
        if any(name in ("title", "body") for name in changed):
            fresh = replace(fresh, updated=self.now)  # the text itself changed at the source
        self._write(path, dump_article(fresh))
        return Outcome("updated", path, "changed: " + ", ".join(changed))


def _differences(old: Article, new: Article) -> list[str]:
    """Names of the fields whose values differ."""
    return [
        f.name
        for f in fields(Article)
        if f.compare and f.name != "updated" and getattr(old, f.name) != getattr(new, f.name)
    ]


def item_of(draft: Draft, fallback: datetime) -> ExportItem:
    """The article a cleaned draft becomes; a page without a date is dated `fallback`."""
    assert draft.title is not None
    date = draft.date or fallback.replace(second=0, microsecond=0)
    article = Article(
        title=draft.title,
        date=date,
        body=draft.markdown.strip(),
        author=draft.author,
        tags=tuple(dict.fromkeys(draft.tags)),
        topics=tuple(dict.fromkeys(draft.topics)),
        countries=tuple(dict.fromkeys(draft.countries)),
        views=draft.views,
        source=draft.source,
        source_url=draft.source_url,
        lang=draft.lang,
        summary=draft.summary,
        image=draft.image,
    )
    return ExportItem(article, date_known=draft.date is not None)
