"""Test helper that reads a built page the way a browser would (links: generator.check)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
