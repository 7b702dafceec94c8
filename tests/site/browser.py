"""The demo built for a real address and served on 127.0.0.1, and headless Chromium to read it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from generator.build import BuildOptions, BuildResult, build
from tests.conftest import REPO
from tests.staticserver import free_port, serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BASE_PATH = "/digest/"
MONGOLIA = "2025/03/strategicheskoe-partnerstvo-yaponiya-investiruet-v-razvitie-mongolii/"
UZBEKISTAN = "2026/12/uzbeksko-yaponskoe-sotrudnichestvo-v-sovremennykh-usloviyakh-dostizheniya-i/"


@dataclass(frozen=True)
class ServedSite:
    """A built demo and the URL it is served at (under its base path)."""

    root: Path
    output: Path
    url: str
    result: BuildResult


@contextmanager
def served_demo(folder: Path) -> Iterator[ServedSite]:
    """Copy the demo into folder, build it for http://127.0.0.1:PORT/digest/ and serve it."""
    site = folder / "demo"
    site.mkdir(parents=True)
    shutil.copy(REPO / "digest.toml", site / "digest.toml")
    shutil.copytree(REPO / "content", site / "content")
    port = free_port()
    result = build(BuildOptions(root=site, base_url=f"http://127.0.0.1:{port}{BASE_PATH}"))
    with serve(site / "output", BASE_PATH, port) as url:
        yield ServedSite(site, site / "output", url, result)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium through Playwright; fails (never skips) when it is missing."""
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def html_pages(output: Path) -> list[str]:
    """Site-relative URLs of every HTML page of a built site (404.html included)."""
    pages = []
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative.startswith("pagefind/"):
            continue
        pages.append(relative.removesuffix("index.html"))
    return pages
