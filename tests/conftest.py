"""Shared fixtures: a copy of the demo site, and small sites written from scratch."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

# The local HTTP server fixture (http_server) for fetch and scrape tests.
pytest_plugins = ["tests.httpserver"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture
def demo_site(tmp_path: Path) -> Path:
    """A copy of the bundled demo digest (digest.toml, content/) in a temporary folder."""
    site = tmp_path / "demo"
    site.mkdir()
    shutil.copy(REPO / "digest.toml", site / "digest.toml")
    shutil.copytree(REPO / "content", site / "content")
    return site


SiteWriter = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path) -> SiteWriter:
    """Write a site: make_site({"articles/a.md": text, ...}, config="extra toml lines")."""

    def write(files: dict[str, str], config: str = "", title: str = "Тест") -> Path:
        site = tmp_path / "site"
        site.mkdir(exist_ok=True)
        header = (
            f'title = "{title}"\nbase_url = "https://example.org/"\ntimezone = "Europe/Moscow"\n'
        )
        (site / "digest.toml").write_text(header + textwrap.dedent(config), encoding="utf-8")
        for name, text in files.items():
            path = site / "content" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return site

    return write


def article(
    title: str, date: str = "2025-03-06T15:44:00+08:00", body: str = "Текст.", **fields: object
) -> str:
    """The text of an article file with the given front-matter fields."""
    import yaml

    data = {"title": title, "date": date, **fields}
    return (
        "---\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        + "---\n\n"
        + body
        + "\n"
    )
