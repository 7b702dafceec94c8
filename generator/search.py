"""output/ -> output/pagefind/: the client-side search index, built by Pagefind.

Pagefind reads the built HTML: article pages mark their body with data-pagefind-body, the
title, date and image with data-pagefind-meta, topics and countries with
data-pagefind-filter, and the language comes from <html lang>, which picks the stemmer
(Russian for 'ru': 'Монголия' finds 'Монголии').

The index is written into a folder beside output/ and moved into place by rename, so
output/pagefind/ is a whole index or none: a failed or killed run never leaves half of one.
Without Pagefind the build still succeeds, with one warning; the search page says why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from generator.config import SiteConfig

BUNDLE = "pagefind"  # the folder under output/ that holds the index and its scripts
TIMEOUT = 600  # seconds; Pagefind indexes thousands of pages a second, so this means a hang


@dataclass(frozen=True)
class SearchResult:
    """What the search stage did: pages indexed, or why there is no index."""

    indexed: int = 0
    seconds: float = 0.0
    warning: str | None = None  # set when the site was built without a search index


def find_pagefind() -> Path | None:
    """The Pagefind binary: $PAGEFIND_BINARY_PATH, the PyPI package's, or one on PATH."""
    configured = os.environ.get("PAGEFIND_BINARY_PATH")
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    found: Path | None = None
    try:
        from pagefind.service import get_executable

        found = get_executable()
    except ImportError:
        pass  # the pagefind package is optional: a binary on PATH does as well
    if found is None:
        on_path = shutil.which("pagefind_extended") or shutil.which("pagefind")
        found = Path(on_path) if on_path else None
    return found if found and found.is_file() else None


def index_site(config: SiteConfig, output_dir: Path, changed: bool = True) -> SearchResult:
    """Index the built site for search; without Pagefind, say so once and build without it.

    With no page changed, the current index is kept: Pagefind's files differ from run to
    run for the same pages, and rewriting them would make every deploy a new commit.
    """
    if not config.search:
        _replace(output_dir / BUNDLE, None)
        return SearchResult()
    if not changed and (output_dir / BUNDLE / "pagefind.js").is_file():
        return SearchResult(indexed=_count_pages(output_dir / BUNDLE))
    binary = find_pagefind()
    if binary is None:
        return SearchResult(
            warning="search index not built: Pagefind is not installed "
            "(pip install 'pagefind[bin]'); the search page says search is unavailable"
        )
    started = time.perf_counter()
    fresh = output_dir.with_name(f".{output_dir.name}.{BUNDLE}")
    shutil.rmtree(fresh, ignore_errors=True)
    command = [str(binary), "--site", str(output_dir), "--output-path", str(fresh), "--quiet"]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        return SearchResult(warning=f"search index not built: {binary}: {exc}")
    if run.returncode != 0 or not (fresh / "pagefind.js").is_file():
        shutil.rmtree(fresh, ignore_errors=True)
        why = _last_line(run.stderr or run.stdout) or f"exit status {run.returncode}"
        return SearchResult(warning=f"search index not built: {binary}: {why}")
    indexed = _count_pages(fresh)
    try:
        _replace(output_dir / BUNDLE, fresh)
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        return SearchResult(warning=f"search index not built: {output_dir / BUNDLE}: {exc}")
    return SearchResult(indexed=indexed, seconds=time.perf_counter() - started)


def _replace(target: Path, fresh: Path | None) -> None:
    """Put fresh where target is (or just remove target), never leaving half an index."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.rename(target, old)
    if fresh is not None:
        os.rename(fresh, target)
    shutil.rmtree(old, ignore_errors=True)


def _count_pages(bundle: Path) -> int:
    """Pages in the index, over all languages, as Pagefind's entry file counts them."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(int(lang.get("page_count", 0)) for lang in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return 0


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""
