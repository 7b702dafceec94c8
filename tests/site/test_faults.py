"""Faults during a build, through the real command in real processes.

A build killed at any moment leaves output/ exactly as before or exactly as after; a second
build started while one runs stops with a clear message; a full disk is a one-line error
and output/ stays as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fstree import snapshot, tree_hash
from tests.sitegen import generated_site, write_articles

ARTICLES = 200
KILLS = 8


def digest(site: Path, **options: object) -> subprocess.Popen[str]:
    """`digest build` for the site in a process of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--site", str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,  # type: ignore[call-overload]
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def build_ok(site: Path) -> float:
    """Build to the end; the seconds it took."""
    started = time.monotonic()
    code, _, err = finish(digest(site))
    assert code == 0, err
    return time.monotonic() - started


def site_state(output: Path) -> tuple[str, str]:
    """What output/ holds: its pages and files, and what its search index says.

    Pagefind names some of its files differently on every run for the same pages, so the
    index counts by its content: the page fragments it holds, checked to be complete.
    """
    pages = hashlib.sha256(repr(sorted(snapshot(output, skip=("pagefind",)).items())).encode())
    bundle = output / "pagefind"
    if not bundle.is_dir():
        return pages.hexdigest(), ""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    fragments = sorted(gzip.decompress(f.read_bytes()) for f in bundle.glob("fragment/*"))
    languages = entry["languages"].values()
    assert len(fragments) == sum(language["page_count"] for language in languages)
    for language in languages:
        assert (bundle / f"pagefind.{language['hash']}.pf_meta").is_file()
    return pages.hexdigest(), hashlib.sha256(b"\n".join(fragments)).hexdigest()


def leftovers(site: Path) -> list[str]:
    """Anything beside output/ that a build made and should have cleaned up."""
    known = {"content", "digest.toml", "output", ".digest-cache", "static"}
    return sorted(p.name for p in site.iterdir() if p.name not in known)


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_output_before_or_after(tmp_path: Path) -> None:
    site = generated_site(tmp_path / "site", ARTICLES, version=0)
    build_ok(site)
    hashes = {0: site_state(site / "output")}
    write_articles(site, ARTICLES, version=1)
    seconds = build_ok(site)
    hashes[1] = site_state(site / "output")
    assert hashes[1][1], "the search index is part of what must change in one step"
    assert hashes[0] != hashes[1]
    state, rng, outcomes = 1, random.Random(), []
    for _ in range(KILLS):
        target = 1 - state
        write_articles(site, ARTICLES, version=target)
        process = digest(site)
        time.sleep(rng.uniform(0, seconds * 1.1))
        running = process.poll() is None
        process.send_signal(signal.SIGKILL)
        finish(process)
        now = site_state(site / "output")
        assert now in (hashes[state], hashes[target]), "output/ is a mix of two builds"
        outcomes.append(("killed " if running else "finished ") + ("after" if now == hashes[target] else "before"))  # fmt: skip
        state = target if now == hashes[target] else state
    assert sum(o.startswith("killed") for o in outcomes) >= KILLS // 2, outcomes
    # The next build after all that works, and cleans up whatever a kill left behind.
    write_articles(site, ARTICLES, version=1 - state)
    build_ok(site)
    assert site_state(site / "output") == hashes[1 - state]
    assert leftovers(site) == []


def _holds_lock(pid: int) -> bool:
    """True when the process holds a file lock (flock or fcntl), as /proc/locks lists it."""
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" not in fields and len(fields) > 4 and fields[4] == str(pid):
            return True
    return False


def test_a_second_build_while_one_runs_says_so(tmp_path: Path) -> None:
    site = generated_site(tmp_path / "site", ARTICLES)
    first = digest(site)
    deadline = time.monotonic() + 60
    while not _holds_lock(first.pid):
        assert first.poll() is None, "the first build ended before it was seen holding its lock"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    code, out, err = finish(digest(site))
    assert first.poll() is None, "the first build must still be running for this test to mean anything"  # fmt: skip
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"error: {site}: another digest build is running for this site; wait for it to finish"
    ]
    code, _, err = finish(first)
    assert code == 0, err
    complete = tree_hash(site / "output")
    build_ok(site)
    assert tree_hash(site / "output") == complete  # the first build's output was whole
    assert leftovers(site) == []


# ---------------------------------------------------------------- full disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB tmpfs (needs root); skipped where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.decode().strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def test_a_full_disk_is_one_line_and_output_stays(small_disk: Path) -> None:
    site = generated_site(small_disk / "site", 10)
    build_ok(site)
    before = tree_hash(site / "output")
    write_articles(site, 150)  # renders to far more than the disk has left
    code, out, err = finish(digest(site))
    assert code == 1 and out == ""
    assert "Traceback" not in err
    assert err.splitlines() == [f"error: {site / 'output'}: No space left on device"]
    assert tree_hash(site / "output") == before
    assert leftovers(site) == []
    write_articles(site, 12)  # room again: the next build works
    build_ok(site)
    assert tree_hash(site / "output") != before


def _limit_file_size() -> None:
    # Where no tmpfs can be mounted, a file size limit makes writes fail the same way a full
    # disk does (EFBIG instead of ENOSPC); SIGXFSZ ignored so the write returns the error.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))


def test_a_failing_write_is_one_line_and_output_stays(tmp_path: Path) -> None:
    site = generated_site(tmp_path / "site", 10)
    build_ok(site)
    before = tree_hash(site / "output")
    write_articles(site, 60)  # term pages listing 60 articles are bigger than the limit
    code, out, err = finish(digest(site, preexec_fn=_limit_file_size))
    assert code == 1 and out == ""
    assert err.splitlines() == [f"error: {site / 'output'}: File too large"]
    assert tree_hash(site / "output") == before
    assert leftovers(site) == []
    assert os.listdir(site / "output")
