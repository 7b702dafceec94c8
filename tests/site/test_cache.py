"""The build cache changes how much work a build does, never what it writes."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.corpus import write_site
from generator.build import BuildOptions, build
from generator.cache import FILE_NAME
from tests.site.test_incremental import tree

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site", 30, seed=3)
    # Files written a moment ago are re-read on every build (their stat is not yet
    # trusted); age them so the cache's fast path is the one under test.
    for path in (root / "content").rglob("*.md"):
        os.utime(path, ns=(0, path.stat().st_mtime_ns - 3600 * 10**9))
    return root


def stats(root: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
        for p in root.rglob("*")
        if p.is_file()
    }


def fresh_output(site: Path, tmp_path: Path) -> dict[str, bytes]:
    """The output of the same site built without any cache, in another folder."""
    other = tmp_path / "nocache"
    shutil.rmtree(other, ignore_errors=True)
    shutil.copytree(site / "content", other / "content")
    shutil.copy2(site / "digest.toml", other / "digest.toml")
    build(BuildOptions(root=other, now=NOW, cache=False))
    assert not (other / ".digest-cache" / FILE_NAME).exists()
    return tree(other / "output")


def test_cached_builds_write_the_same_bytes_as_uncached(site: Path, tmp_path: Path) -> None:
    build(BuildOptions(root=site, now=NOW))
    assert tree(site / "output") == fresh_output(site, tmp_path)
    # Warm cache, one article edited, another removed, one added.
    files = sorted((site / "content").rglob("*.md"))
    files[0].write_text(files[0].read_text("utf-8") + "\nДобавленный абзац.\n", "utf-8")
    files[1].unlink()
    shutil.copy(files[2], files[2].with_name("kopiya.md"))
    build(BuildOptions(root=site, now=NOW))
    assert tree(site / "output") == fresh_output(site, tmp_path)
    # Output deleted but cache kept: every page comes back from the cache, the same.
    shutil.rmtree(site / "output")
    build(BuildOptions(root=site, now=NOW))
    assert tree(site / "output") == fresh_output(site, tmp_path)


def test_no_change_build_touches_nothing(site: Path) -> None:
    build(BuildOptions(root=site, now=NOW))
    before = stats(site / "output")
    result = build(BuildOptions(root=site, now=NOW))
    assert result.summary.written == 0 and result.summary.removed == 0
    assert result.changed == ()
    assert stats(site / "output") == before


def test_an_edit_rewrites_only_what_changed(site: Path) -> None:
    build(BuildOptions(root=site, now=NOW))
    before = stats(site / "output")
    first = sorted((site / "content").rglob("*.md"))[5]
    first.write_text(first.read_text("utf-8") + "\nЕщё одна фраза в конце.\n", "utf-8")
    result = build(BuildOptions(root=site, now=NOW))
    after = stats(site / "output")
    rewritten = sorted(p for p in after if after[p] != before[p])
    assert rewritten == sorted(result.changed)
    assert any(p.endswith("/index.html") and p.count("/") == 3 for p in rewritten)
    assert 1 <= len(rewritten) < 10
    # The spare copy keeps the next edit cheap and still correct.
    first.write_text(first.read_text("utf-8") + "\nИ ещё одна.\n", "utf-8")
    second = build(BuildOptions(root=site, now=NOW))
    assert 1 <= second.summary.written < 10
    assert tree(site / "output") == fresh_output(site, site.parent)


def test_stale_files_are_removed(site: Path) -> None:
    build(BuildOptions(root=site, now=NOW))
    stray = site / "output" / "stray.html"
    stray.write_text("left by hand", "utf-8")
    victim = sorted((site / "content").rglob("*.md"))[0]
    page_before = set(tree(site / "output"))
    victim.unlink()
    result = build(BuildOptions(root=site, now=NOW))
    assert not stray.exists()
    gone = page_before - set(tree(site / "output"))
    assert "stray.html" in gone and len(gone) >= 2
    assert set(result.changed) >= gone


def test_a_corrupted_cache_is_rebuilt_with_one_warning(site: Path, tmp_path: Path) -> None:
    build(BuildOptions(root=site, now=NOW))
    database = site / ".digest-cache" / FILE_NAME
    for extra in ("-wal", "-shm"):
        Path(str(database) + extra).unlink(missing_ok=True)
    database.write_bytes(b"this is not a database" * 100)
    shutil.rmtree(site / "output")
    result = build(BuildOptions(root=site, now=NOW))
    assert len(result.warnings) == 1 and "build cache" in result.warnings[0]
    assert tree(site / "output") == fresh_output(site, tmp_path)
    assert build(BuildOptions(root=site, now=NOW)).warnings == []


def test_a_damaged_entry_is_detected_mid_build(site: Path, tmp_path: Path) -> None:
    import sqlite3

    build(BuildOptions(root=site, now=NOW))
    with sqlite3.connect(site / ".digest-cache" / FILE_NAME) as db:
        db.execute("UPDATE parsed SET value = x'00ff00'")
    result = build(BuildOptions(root=site, now=NOW))
    assert len(result.warnings) == 1 and "build cache" in result.warnings[0]
    assert tree(site / "output") == fresh_output(site, tmp_path)


def test_unchanged_files_are_trusted_by_stat_and_changed_ones_reread(site: Path) -> None:
    build(BuildOptions(root=site, now=NOW))
    target = sorted((site / "content").rglob("*.md"))[0]
    stat = os.stat(target)
    text = target.read_text("utf-8")
    swapped = text.replace("views:", "views: 1\nold_views:", 1)
    assert len(swapped.encode()) != len(text.encode())
    target.write_text(swapped, "utf-8")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    # Same inode and mtime, but another size: the file is read again.
    assert os.stat(target).st_ino == stat.st_ino
    result = build(BuildOptions(root=site, now=NOW))
    assert result.summary.written > 0
    # Same size, inode and mtime as remembered: the cached parse is trusted, unread.
    same_size = swapped.replace("views: 1\n", "views: 2\n", 1)
    target.write_text(same_size, "utf-8")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert build(BuildOptions(root=site, now=NOW)).summary.written == 0


def test_no_cache_flag_builds_without_the_cache(site: Path) -> None:
    from generator.cli import main

    assert main(["build", "--site", str(site), "--no-cache"]) == 0
    assert (site / "output" / "index.html").is_file()
    assert not (site / ".digest-cache" / FILE_NAME).exists()


def test_article_bodies_are_kept_in_the_cache_not_in_memory(site: Path) -> None:
    from generator.cache import BuildCache
    from generator.config import load_config
    from generator.contentfile import parse_article
    from generator.loader import ContentReader, load_content
    from generator.model import BodyRef

    config = load_config(site)
    cache = BuildCache(site / ".digest-cache")
    try:
        content, errors = load_content(config, ContentReader(config, cache))
        assert not errors and content.articles
        for article in content.articles:
            assert isinstance(article.body, BodyRef)
            text = (site / article.path).read_text("utf-8")
            original, _ = parse_article(text, article.path, config.tz)
            assert original is not None and cache.body(article.body.key) == original.body
    finally:
        cache.close()
    # Without a cache to hold them, bodies stay with their articles.
    content, _ = load_content(config, ContentReader(config))
    assert all(isinstance(a.body, str) and a.body for a in content.articles)


def test_worker_processes_write_what_one_process_writes(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import engine, loader

    build(BuildOptions(root=site, now=NOW, cache=False))
    alone = tree(site / "output")
    # Every stage in worker processes, which read the bodies from the cache file.
    monkeypatch.setattr(engine, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(loader, "PARALLEL_PARSE", 1)
    shutil.rmtree(site / "output")
    build(BuildOptions(root=site, now=NOW, cache=False))
    assert tree(site / "output") == alone
    shutil.rmtree(site / "output")
    build(BuildOptions(root=site, now=NOW))
    assert tree(site / "output") == alone


def test_a_missing_body_rebuilds_the_cache_with_one_warning(site: Path, tmp_path: Path) -> None:
    import sqlite3

    build(BuildOptions(root=site, now=NOW))
    with sqlite3.connect(site / ".digest-cache" / FILE_NAME) as db:
        db.execute("DELETE FROM bodies")
        db.execute("DELETE FROM html")
    shutil.rmtree(site / "output")
    result = build(BuildOptions(root=site, now=NOW))
    assert len(result.warnings) == 1 and "body is missing" in result.warnings[0]
    assert tree(site / "output") == fresh_output(site, tmp_path)


def test_a_throwaway_cache_is_a_file_removed_on_close() -> None:
    from generator.cache import BuildCache

    cache = BuildCache(None)
    assert cache.path is not None and cache.path.is_file()
    cache.remember_bodies([(b"k", "текст")])
    assert cache.body(b"k") == "текст"
    cache.close()
    assert not cache.path.parent.exists()


def test_bodies_a_chunk_needs_are_fetched_at_once(tmp_path: Path) -> None:
    from generator.cache import BuildCache
    from generator.engine import HtmlCache
    from generator.model import BodyRef

    cache = BuildCache(tmp_path)
    cache.remember_bodies([(b"a", "# Заголовок"), (b"b", "Текст **жирный**.")])
    cache.remember_html([(b"a", "<h1>готовый</h1>")])
    queries: list[str] = []
    real = cache._query
    cache._query = lambda sql, args=(): queries.append(sql) or real(sql, args)  # type: ignore[method-assign]
    html = HtmlCache(cache.path, cache)
    html.prefetch([BodyRef(b"a"), BodyRef(b"b"), BodyRef(b"a")])
    assert len(queries) == 2  # the HTML of both, then the Markdown of the one without
    assert html(BodyRef(b"a")) == "<h1>готовый</h1>"
    assert html(BodyRef(b"b")) == "<p>Текст <strong>жирный</strong>.</p>"
    assert len(queries) == 2  # nothing more was asked of the cache
    assert html.take_new() == [(b"b", "<p>Текст <strong>жирный</strong>.</p>")]
    cache.close()
