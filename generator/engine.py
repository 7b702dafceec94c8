"""Rendering and writing with memoization: only pages whose inputs changed are rendered.

Each output item (a page spec or a static file) has a fingerprint of its inputs. A page
whose fingerprint and output file match the memo of the last build is skipped; the others
are rendered and written only if their bytes differ. Large batches run in worker processes
(Markdown and Jinja are CPU-bound) that write straight to disk, so memory stays bounded.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Protocol, TypeVar

from markupsafe import Markup

from generator.cache import (
    BuildCache,
    CacheCorrupt,
    FileStat,
    OutputFile,
    PageMemo,
    body_key,
    digest,
)
from generator.fingerprint import Fingerprinter
from generator.markup import render_markdown
from generator.model import Body, BodyRef
from generator.pages import PageSpec
from generator.render import RenderedPage, Renderer
from generator.site import Site
from generator.writer import libc, write_atomic

T = TypeVar("T")
R = TypeVar("R")
# Below this many items to render, a pool costs more than it saves.
POOL_THRESHOLD = 300
CHUNK = 64
# Bodies' HTML kept in memory by each process, at most.
RECENT = 512
# Up to this many pages fingerprinted in this process keep their contexts for rendering.
KEEP_CONTEXTS = 100
# Pages whose fingerprint is their own bytes: cheap to render, made from every page.
RENDERED_TO_FINGERPRINT = {"sitemap", "robots"}


class HtmlCache:
    """Markdown -> HTML through the cache: memory, then SQLite, then the renderer."""

    def __init__(self, cache_file: Path | None, shared: BuildCache | None = None) -> None:
        self.cache_file = cache_file
        self._shared = shared
        self._pid = os.getpid()
        self._db: BuildCache | None = shared
        self._recent: dict[bytes, str] = {}
        self._texts: dict[bytes, str] = {}  # Markdown fetched ahead for bodies lacking HTML
        self.new: list[tuple[bytes, str]] = []

    def _store(self) -> BuildCache | None:
        # A forked worker opens its own connection: SQLite handles must not cross a fork.
        if os.getpid() != self._pid:
            self._pid = os.getpid()
            self._db = BuildCache(self.cache_file.parent) if self.cache_file else None
        return self._db

    def __call__(self, body: Body) -> str:
        key = body_key(body)
        found = self._recent.get(key)
        if found is None:
            store = self._store()
            if store is not None and key not in self._texts:  # prefetched: known to lack HTML
                found = store.html(key)
            if found is None:
                found = render_markdown(body if isinstance(body, str) else self._text(body))
                self.new.append((key, found))
            if len(self._recent) > RECENT:
                self._recent.clear()
            self._recent[key] = found
        return found

    def prefetch(self, bodies: list[Body]) -> None:
        """Fetch the HTML (or else the Markdown) of bodies about to be needed, in one query
        each rather than one per body."""
        store = self._store()
        wanted = [body_key(b) for b in bodies]
        wanted = [k for k in dict.fromkeys(wanted) if k not in self._recent]
        if store is None or not wanted:
            return
        if len(self._recent) + len(wanted) > RECENT:
            self._recent.clear()
        self._recent.update(store.htmls(wanted))
        kept = {b.key for b in bodies if isinstance(b, BodyRef)}
        self._texts = store.bodies([k for k in wanted if k in kept and k not in self._recent])

    def _text(self, body: BodyRef) -> str:
        text = self._texts.pop(body.key, None)
        if text is None:
            store = self._store()
            text = store.body(body.key) if store is not None else None
        if text is None:  # the loader stored it before any page could ask
            raise CacheCorrupt("a Markdown body is missing")
        return text

    def take_new(self) -> list[tuple[bytes, str]]:
        new, self.new = self.new, []
        return new


@dataclass(frozen=True)
class Asset:
    """A static file copied into output/."""

    path: str
    source: Path


@dataclass
class Work:
    """Everything needed to fingerprint and produce the items of one build."""

    site: Site
    specs: list[PageSpec]
    assets: list[Asset]
    renderer: Renderer
    fingerprinter: Fingerprinter
    memo: dict[str, PageMemo]
    target: Path  # the folder files are written into (staging or output/)
    _keys: list[str] | None = None
    # Contexts built while fingerprinting a few pages in this process, kept for rendering
    # them (a preview update): None when not kept.
    contexts: dict[int, tuple[dict[str, Any], dict[str, Body]]] | None = None

    def key(self, index: int) -> str:
        return self.keys()[index]

    def keys(self) -> list[str]:
        """Every item's key (its output path), worked out once."""
        if self._keys is None:
            self._keys = [spec.file for spec in self.specs] + [a.path for a in self.assets]
        return self._keys

    def fingerprint(self, index: int) -> bytes | None:
        """The item's input fingerprint (None: always render)."""
        if index >= len(self.specs):
            return digest(self.assets[index - len(self.specs)].source.read_bytes())
        spec = self.specs[index]
        if spec.kind == "feed":
            return self.fingerprinter.feed(spec)
        if spec.kind in RENDERED_TO_FINGERPRINT:
            data = b"".join(p.path.encode() + p.data for p in self.render(spec))
            return digest(data)
        if self.contexts is None:
            return self.fingerprinter.html_page(spec)
        fingerprint, context, bodies = self.fingerprinter.html_context(spec)
        self.contexts[index] = (context, bodies)
        return fingerprint

    def prefetch(self, indices: list[int]) -> None:
        """Fetch the bodies these items will show (articles, feeds) from the cache at once."""
        source = self.renderer.html_source
        if not isinstance(source, HtmlCache):
            return
        posts: list[int] = []
        for spec in (self.specs[i] for i in indices if i < len(self.specs)):
            if spec.post is not None:
                posts.append(spec.post)
            elif spec.kind == "feed":
                posts.extend(spec.items)
        source.prefetch([self.site.posts[i].article.body for i in posts])

    def render(self, spec: PageSpec) -> Iterator[RenderedPage]:
        return self.renderer.render(spec, self.specs)

    def produce(self, index: int, fingerprint: bytes | None) -> tuple[PageMemo, list[str]]:
        """Render the item and write what changed: its memo and the paths written."""
        if index < len(self.specs):
            spec = self.specs[index]
            kept = self.contexts.pop(index, None) if self.contexts else None
            if spec.template and (fingerprint is None or kept is not None):
                # One context serves both: fingerprinted with body hashes, then rendered.
                if kept is None:
                    fingerprint, context, bodies = self.fingerprinter.html_context(spec)
                else:
                    context, bodies = kept
                html = self.renderer.html
                for name, value in context.items():
                    if isinstance(value, Markup) and str(value) in bodies:
                        context[name] = Markup(html(bodies[str(value)]))
                data = self.renderer.render_context(spec, context).encode("utf-8")
                pages = [RenderedPage(spec.file, data)]
            else:
                pages = list(self.render(spec))
            if fingerprint is None and spec.kind in RENDERED_TO_FINGERPRINT:
                fingerprint = digest(b"".join(p.path.encode() + p.data for p in pages))
            elif fingerprint is None:
                fingerprint = self.fingerprint(index)
        else:
            asset = self.assets[index - len(self.specs)]
            pages = [RenderedPage(asset.path, asset.source.read_bytes())]
            fingerprint = digest(pages[0].data)
        old = self.memo.get(self.key(index))
        known = {f.path: f for f in old.files} if old else {}
        files = []
        written = []
        for page in pages:
            done, wrote = write_if_changed(self.target, page, known.get(page.path))
            files.append(done)
            if wrote:
                written.append(page.path)
        return PageMemo(fingerprint, tuple(files)), written


def file_stat(path: Path) -> FileStat | None:
    try:
        return FileStat.of(path.stat())
    except OSError:
        return None


def write_if_changed(
    root: Path, page: RenderedPage, known: OutputFile | None
) -> tuple[OutputFile, int]:
    """Write a page unless the file already holds its bytes; the file's record, 1 if written."""
    target = root / page.path
    content = digest(page.data)
    stat = file_stat(target)
    if stat is not None:
        if known is not None and known.stat == stat:
            same = known.hash == content
        else:
            same = stat.size == len(page.data) and target.read_bytes() == page.data
        if same:
            return OutputFile(page.path, content, stat), 0
    write_atomic(target, page.data)
    after = file_stat(target)
    assert after is not None
    return OutputFile(page.path, content, after), 1


def is_current(memo: PageMemo | None, fingerprint: bytes | None, root: Path) -> bool:
    """True when the memo's fingerprint matches and its files are still there, untouched."""
    if memo is None or fingerprint is None or memo.fingerprint != fingerprint:
        return False
    return all(file_stat(root / f.path) == f.stat for f in memo.files)


# The worker processes' copy of the build's Work, set once when each worker starts
# (inherited through fork, never pickled).
_WORK: list[Work] = []


def _install(work: Work) -> None:
    _WORK[:] = [work]
    die_with_parent()


def die_with_parent() -> None:
    """In a worker: end when the build process ends, even if it is killed (Linux)."""
    if os.getpid() == _PARENT[0]:
        return
    prctl = getattr(libc(), "prctl", None)  # loaded by mark_parent before the fork
    if prctl is not None:
        prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != _PARENT[0]:
        os._exit(1)  # the parent is already gone


_PARENT = [os.getpid()]


def mark_parent() -> None:
    """Called before forking workers: this process is the one they must not outlive."""
    _PARENT[0] = os.getpid()
    libc()


def _fingerprint_chunk(indices: list[int]) -> list[tuple[int, bytes | None]]:
    work = _WORK[0]
    return [(i, work.fingerprint(i)) for i in indices]


@dataclass(frozen=True)
class Produced:
    """What producing a batch of items gave: memos, files written, new HTML for the cache."""

    memos: list[tuple[int, PageMemo]]
    written: list[str]
    html: list[tuple[bytes, str]]


def _produce_chunk(items: list[tuple[int, bytes | None]]) -> Produced:
    work = _WORK[0]
    work.prefetch([index for index, _ in items])
    memos = []
    written: list[str] = []
    for index, fingerprint in items:
        memo, wrote = work.produce(index, fingerprint)
        memos.append((index, memo))
        written += wrote
    html = work.renderer.html_source
    return Produced(memos, written, html.take_new() if isinstance(html, HtmlCache) else [])


def _files(memo: dict[str, PageMemo]) -> set[str]:
    return {f.path for m in memo.values() for f in m.files}


def _count_files(memo: dict[str, PageMemo]) -> int:
    return sum(len(m.files) for m in memo.values())


def prime(work: Work) -> None:
    """Work out template dependencies once, before workers fork, rather than in each."""
    for template in {spec.template for spec in work.specs if spec.template}:
        work.fingerprinter.template_part(template)


def _chunks(items: list[T], size: int) -> list[list[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class Runner:
    """Runs chunks of work in this process, or in a pool of forked workers when it pays."""

    def __init__(self, work: Work, count: int) -> None:
        self.work = work
        self.workers = min(os.cpu_count() or 1, 8)
        self.pool: ProcessPoolExecutor | None = None
        if self.workers > 1 and count >= POOL_THRESHOLD:
            mark_parent()
            # Objects the workers inherit are left out of garbage collection until the pool
            # closes: collecting would write to every one of them, copying memory pages the
            # workers would otherwise share with this process.
            gc.freeze()
            # Memory freed while loading (bodies on their way to the cache) goes back to the
            # system first, so the workers do not start with it counted as theirs.
            trim = getattr(libc(), "malloc_trim", None)
            if trim is not None:
                trim(0)
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_install,
                initargs=(work,),
            )

    def map(self, function: Callable[[T], R], chunks: list[T]) -> Iterator[R]:
        if self.pool is None:
            _install(self.work)
            for chunk in chunks:
                yield function(chunk)
            return
        # A few chunks per worker in flight, no more: a finished future holds its result
        # (memos and HTML) until dropped, and a site's worth of those would not fit.
        waiting = iter(chunks)
        running = {self.pool.submit(function, c) for c in islice(waiting, self.workers * 3)}
        try:
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                running.update(self.pool.submit(function, c) for c in islice(waiting, len(done)))
                for future in done:
                    yield future.result()
        finally:
            for future in running:
                future.cancel()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            gc.unfreeze()


def fingerprints(work: Work, indices: list[int]) -> dict[int, bytes | None]:
    """Fingerprints of the items, in a pool when there are many."""
    prime(work)
    runner = Runner(work, len(indices))
    # A few pages fingerprinted here keep their contexts: those that changed render from them.
    work.contexts = {} if runner.pool is None and len(indices) <= KEEP_CONTEXTS else None
    try:
        size = max(CHUNK, len(indices) // (runner.workers * 8) + 1)
        found: dict[int, bytes | None] = {}
        for chunk in runner.map(_fingerprint_chunk, _chunks(indices, size)):
            found.update(chunk)
        return found
    finally:
        runner.close()


def produce(
    work: Work, items: list[tuple[int, bytes | None]], cache: BuildCache
) -> tuple[dict[int, PageMemo], list[str]]:
    """Render and write the items: their memos and the paths written."""
    prime(work)
    runner = Runner(work, len(items))
    memos: dict[int, PageMemo] = {}
    written: list[str] = []
    try:
        # Bulk HTML pages first, in parallel; feeds and the sitemap last, when the HTML of
        # every body is in the cache.
        bulk = [item for item in items if not _is_tail(work, item[0])]
        tail = [item for item in items if _is_tail(work, item[0])]
        for done in runner.map(_produce_chunk, _chunks(bulk, CHUNK)):
            memos.update(done.memos)
            written += done.written
            cache.remember_html(done.html)
        runner.close()
        if tail:
            done = _produce_chunk_here(work, tail)
            memos.update(done.memos)
            written += done.written
            cache.remember_html(done.html)
    finally:
        runner.close()
    return memos, written


def _produce_chunk_here(work: Work, items: list[tuple[int, bytes | None]]) -> Produced:
    _install(work)
    return _produce_chunk(items)


def _is_tail(work: Work, index: int) -> bool:
    return index < len(work.specs) and not work.specs[index].template


@dataclass(frozen=True)
class Outcome:
    """What writing did: counts for the summary line, and the paths written or removed."""

    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    memo: dict[str, PageMemo]


def plan_work(work: Work, candidates: list[int]) -> tuple[list[tuple[int, bytes | None]], int]:
    """The candidates that must be produced (with fingerprints when known), and how many are current."""
    known = [i for i in candidates if work.key(i) in work.memo]
    found = fingerprints(work, known) if known else {}
    dirty: list[tuple[int, bytes | None]] = []
    for index in candidates:
        fingerprint = found.get(index)
        if not is_current(work.memo.get(work.key(index)), fingerprint, work.target):
            dirty.append((index, fingerprint))
    return dirty, len(candidates) - len(dirty)


class Output(Protocol):
    """Where a build's files go: staged and swapped, or in place."""

    def prepare(self) -> Path: ...
    def commit(self, stale: set[str], written: list[str]) -> None: ...
    def abort(self) -> None: ...


def write(
    work: Work,
    output: Output,
    cache: BuildCache,
    candidates: list[int] | None = None,
    existing: set[str] | None = None,
    changed: frozenset[int] = frozenset(),
) -> Outcome:
    """Produce the items that changed and remove files no item produces any more.

    candidates: the items that may have changed (None: all); the others keep their memo.
    existing: the files now in output/ (None: those the memo lists).
    changed: candidates known to have changed (their fingerprints are not compared first).
    """
    count = len(work.specs) + len(work.assets)
    keys = {key: i for i, key in enumerate(work.keys())}
    if candidates is None:
        candidates = list(range(count))
    else:
        candidates = sorted(set(candidates) | {i for k, i in keys.items() if k not in work.memo})
    dirty, _ = plan_work(work, [i for i in candidates if i not in changed])
    dirty += [(i, None) for i in sorted(changed)]
    if work.memo.keys() <= keys.keys():  # the usual case, and a fast one for an update
        memo, dropped = dict(work.memo), []
    else:
        memo = {k: m for k, m in work.memo.items() if k in keys}
        dropped = [m for k, m in work.memo.items() if k not in keys]
    # The files that may go stale: all of output/ for a build, or only those of the items
    # redone (and of items no longer produced) for an update.
    if existing is None:
        existing = {
            f.path for i, _ in dirty if work.key(i) in memo for f in memo[work.key(i)].files
        }
        existing.update(f.path for m in dropped for f in m.files)
        scope = existing
    else:
        scope = None
    for index, _fingerprint in dirty:
        memo.pop(work.key(index), None)
    if not dirty and not dropped and (scope is not None or _files(memo) == existing):
        return Outcome((), _count_files(memo), (), memo)
    work.target = output.prepare()
    try:
        made, written = produce(work, dirty, cache)
        delta = {work.key(i): m for i, m in made.items()}
        memo.update(delta)
        # An update's stale files can only be among those of the items it redid.
        stale = existing - (_files(delta) if scope is not None else _files(memo))
        output.commit(stale, written)
    except BaseException:
        output.abort()
        raise
    finally:
        work.contexts = None
    gone: dict[str, PageMemo | None] = {k: None for k in work.memo if k not in keys}
    cache.update_pages({**gone, **delta})
    unchanged = _count_files(memo) - len(written)
    return Outcome(tuple(written), unchanged, tuple(sorted(stale)), memo)
