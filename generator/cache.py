"""The build cache: one SQLite file in .digest-cache/, safe to delete, rebuilt if corrupted.

It remembers, across builds:
  files   a file's (mtime_ns, size, inode) -> its content hash, so unchanged files are not read
  parsed  content hash + parser key -> the parsed article or page (pickled)
  bodies  body hash + renderer key -> the Markdown body (kept here, not in memory)
  html    body hash + renderer key -> the body's HTML
  pages   output page -> fingerprint of its inputs and the files it wrote (hash, size, stat)
Every value is keyed by what it was made from, so a stale entry is never used; the cache
changes how much work a build does, never what it writes.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.markup import RENDERER_VERSION
from generator.model import Body

SCHEMA = 2
FILE_NAME = "build.sqlite"
PACKAGE = Path(__file__).resolve().parent
_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, ino INTEGER, hash BLOB);
CREATE TABLE IF NOT EXISTS parsed (key BLOB PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bodies (key BLOB PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS html (key BLOB PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, fingerprint BLOB, files BLOB NOT NULL);
"""


class CacheCorrupt(Exception):
    """The cache file cannot be trusted; the build deletes it and starts over."""


def digest(data: bytes) -> bytes:
    """The content hash used throughout the cache (16 bytes of BLAKE2b)."""
    return hashlib.blake2b(data, digest_size=16).digest()


@lru_cache(maxsize=1)
def code_version() -> bytes:
    """A hash of digest's own code and the libraries that shape output, so upgrades rebuild."""
    parts = [RENDERER_VERSION.encode()]
    for name in ("markdown", "nh3", "jinja2", "babel", "pyyaml"):
        try:
            parts.append(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            parts.append(name.encode())
    for path in sorted(PACKAGE.glob("*.py")):
        parts.append(path.name.encode() + digest(path.read_bytes()))
    return digest(b"\0".join(parts))


def html_key(text: str) -> bytes:
    """The cache key of a Markdown body (and its HTML): its text and the renderer's version."""
    return digest(code_version() + text.encode("utf-8"))


def body_key(body: Body) -> bytes:
    """The cache key of a body, whether the body is in memory or in the cache."""
    return html_key(body) if isinstance(body, str) else body.key


@dataclass(frozen=True)
class FileStat:
    """What proves a file unchanged without reading it."""

    mtime_ns: int
    size: int
    ino: int

    @classmethod
    def of(cls, stat: os.stat_result) -> FileStat:
        return cls(stat.st_mtime_ns, stat.st_size, stat.st_ino)


@dataclass(frozen=True)
class OutputFile:
    """One file a page wrote into output/: its path, content hash and stat after writing."""

    path: str
    hash: bytes
    stat: FileStat


@dataclass(frozen=True)
class PageMemo:
    """A page's inputs fingerprint and the files it produced from them."""

    fingerprint: bytes | None
    files: tuple[OutputFile, ...]


class BuildCache:
    """The cache of one site; `BuildCache(None)` is a throwaway one, deleted on close."""

    def __init__(self, folder: Path | None) -> None:
        self._scratch: tuple[Path, int] | None = None  # a throwaway folder and its owner
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            self.path: Path | None = folder / FILE_NAME
            self.db = self._open()
            return
        # A throwaway cache is still a file: forked workers open it by its path for bodies.
        try:
            self._scratch = (Path(tempfile.mkdtemp(prefix="digest-cache-")), os.getpid())
            self.path = self._scratch[0] / FILE_NAME
            self.db = self._open()
        except (OSError, CacheCorrupt):  # no room for a file: in memory, bodies stay inline
            self._remove_scratch()
            self.path = None
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        target = ":memory:" if self.path is None else str(self.path)
        try:
            db = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_TABLES)
            row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            elif row[0] != str(SCHEMA):
                db.close()
                raise CacheCorrupt(f"made by another version of digest (schema {row[0]})")
        except sqlite3.DatabaseError as exc:
            raise CacheCorrupt(str(exc)) from None
        return db

    def close(self) -> None:
        self.db.close()
        self._remove_scratch()

    def _remove_scratch(self) -> None:
        # Only its owner removes it: a forked worker's copy of this object must not.
        if self._scratch is not None and self._scratch[1] == os.getpid():
            shutil.rmtree(self._scratch[0], ignore_errors=True)
        self._scratch = None

    @staticmethod
    def remove(folder: Path) -> None:
        """Delete the cache files of a site (the database and its journals)."""
        for suffix in ("", "-wal", "-shm"):
            (folder / (FILE_NAME + suffix)).unlink(missing_ok=True)

    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, tuple(args)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise CacheCorrupt(str(exc)) from None

    def _write(self, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
        try:
            with self.db:
                self.db.execute("BEGIN")
                self.db.executemany(sql, rows)
        except sqlite3.DatabaseError as exc:
            raise CacheCorrupt(str(exc)) from None

    # files: stat -> content hash
    def file_hashes(self) -> dict[str, tuple[FileStat, bytes]]:
        """Every remembered file: relative path -> (stat, content hash)."""
        rows = self._query("SELECT path, mtime_ns, size, ino, hash FROM files")
        return {path: (FileStat(m, s, i), h) for path, m, s, i, h in rows}

    def remember_files(self, rows: Iterable[tuple[str, FileStat, bytes]]) -> None:
        self._write(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
            ((p, s.mtime_ns, s.size, s.ino, h) for p, s, h in rows),
        )

    # parsed content
    def parsed(self, key: bytes) -> Any | None:
        rows = self._query("SELECT value FROM parsed WHERE key=?", (key,))
        return _unpickle(rows[0][0]) if rows else None

    def remember_parsed(self, rows: Iterable[tuple[bytes, Any]]) -> None:
        self._write(
            "INSERT OR REPLACE INTO parsed VALUES (?, ?)",
            ((k, pickle.dumps(v, pickle.HIGHEST_PROTOCOL)) for k, v in rows),
        )

    # Markdown bodies
    def body(self, key: bytes) -> str | None:
        rows = self._query("SELECT value FROM bodies WHERE key=?", (key,))
        return str(rows[0][0]) if rows else None

    def bodies(self, keys: list[bytes]) -> dict[bytes, str]:
        """Many bodies at once: key -> Markdown, for the keys the cache has."""
        return self._many("bodies", keys)

    def remember_bodies(self, rows: Iterable[tuple[bytes, str]]) -> None:
        self._write("INSERT OR IGNORE INTO bodies VALUES (?, ?)", rows)

    # rendered Markdown
    def html(self, key: bytes) -> str | None:
        rows = self._query("SELECT value FROM html WHERE key=?", (key,))
        return str(rows[0][0]) if rows else None

    def htmls(self, keys: list[bytes]) -> dict[bytes, str]:
        """Many bodies' HTML at once: key -> HTML, for the keys the cache has."""
        return self._many("html", keys)

    def _many(self, table: str, keys: list[bytes]) -> dict[bytes, str]:
        found: dict[bytes, str] = {}
        for start in range(0, len(keys), 500):  # below SQLite's limit on parameters
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            rows = self._query(f"SELECT key, value FROM {table} WHERE key IN ({marks})", part)  # noqa: S608
            found.update((key, str(value)) for key, value in rows)
        return found

    def remember_html(self, rows: Iterable[tuple[bytes, str]]) -> None:
        self._write("INSERT OR REPLACE INTO html VALUES (?, ?)", rows)

    # page memo
    def pages(self) -> dict[str, PageMemo]:
        """Every page's memo: page key -> fingerprint and files."""
        rows = self._query("SELECT key, fingerprint, files FROM pages")
        return {key: PageMemo(fp, _unpickle(files)) for key, fp, files in rows}

    def replace_pages(self, memo: dict[str, PageMemo]) -> None:
        """Store the memo of the pages a build produced, forgetting all others."""
        try:
            with self.db:
                self.db.execute("BEGIN")
                self.db.execute("DELETE FROM pages")
                self.db.executemany(
                    "INSERT INTO pages VALUES (?, ?, ?)",
                    (
                        (k, m.fingerprint, pickle.dumps(m.files, pickle.HIGHEST_PROTOCOL))
                        for k, m in memo.items()
                    ),
                )
        except sqlite3.DatabaseError as exc:
            raise CacheCorrupt(str(exc)) from None

    def update_pages(self, memo: dict[str, PageMemo | None]) -> None:
        """Store or (for None) forget the memo of some pages."""
        self._write(
            "INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
            (
                (k, m.fingerprint, pickle.dumps(m.files, pickle.HIGHEST_PROTOCOL))
                for k, m in memo.items()
                if m is not None
            ),
        )
        self._write("DELETE FROM pages WHERE key=?", ((k,) for k, m in memo.items() if m is None))


def _unpickle(data: bytes) -> Any:
    try:
        return pickle.loads(data)  # noqa: S301 - our own cache file, as trusted as the site
    except Exception as exc:  # any damage to a stored value means the file is damaged
        raise CacheCorrupt(f"unreadable entry ({exc.__class__.__name__})") from None
