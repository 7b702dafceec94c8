"""Sites built from the XSS corpus (tests/invalid/hostile/xss*/) and a clean one to compare."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.activecontent import findings
from tests.conftest import REPO

CORPUS = REPO / "tests/invalid/hostile"
CONFIG = 'title = "Дайджест"\nbase_url = "http://127.0.0.1:8000/"\ntimezone = "Europe/Moscow"\n'


def xss_site(root: Path) -> Path:
    """A site whose articles and page are the XSS corpus."""
    root.mkdir(parents=True)
    (root / "digest.toml").write_text(CONFIG, encoding="utf-8")
    shutil.copytree(CORPUS / "xss", root / "content/articles")
    shutil.copytree(CORPUS / "xss-pages", root / "content/pages")
    return root


def clean_site(root: Path) -> Path:
    """The demo digest with the corpus site's config: what the theme itself puts in pages."""
    root.mkdir(parents=True)
    (root / "digest.toml").write_text(CONFIG, encoding="utf-8")
    shutil.copytree(REPO / "content", root / "content")
    return root


def theme_findings(output: Path) -> set[str]:
    """Every active thing in every page of a clean build: the theme's own scripts and forms."""
    found: set[str] = set()
    for page in output.rglob("*.html"):
        found |= findings(page.read_text(encoding="utf-8"), allow_data=True)
    return found
