"""Test helpers that read a built site the way a browser and GitHub Pages would."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def resolve(output: Path, base_path: str, url: str) -> Path | None:
    """The output file an internal URL is served from, or None when nothing serves it."""
    path = unquote(urlsplit(url).path)
    if not path.startswith(base_path):
        return None
    relative = path[len(base_path) :]
    target = output / relative
    if relative == "" or relative.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


def internal_links(output: Path, host: str) -> list[tuple[Path, str]]:
    """Every (page, url) of an href or src pointing inside the site."""
    found = []
    for page in sorted(output.rglob("*.html")):
        soup = parse(page)
        for tag in soup.find_all(href=True) + soup.find_all(src=True):
            url = tag.get("href") or tag.get("src")
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc != host:
                continue
            if parts.scheme in ("mailto", "tel") or url.startswith("#"):
                continue
            found.append((page, url))
    return found
