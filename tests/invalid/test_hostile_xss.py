"""XSS payloads in bodies and in every front-matter field: the pages show them, never run them."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest
import yaml

from generator.cli import main
from tests.activecontent import findings
from tests.fstree import snapshot
from tests.linkcheck import parse
from tests.xsssite import CORPUS, clean_site, theme_findings, xss_site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """The corpus site's output/, and what the theme puts in pages of a clean site."""
    root = tmp_path_factory.mktemp("xss")
    clean = clean_site(root / "clean")
    assert main(["build", "--site", str(clean)]) == 0
    site = xss_site(root / "site")
    before = snapshot(root, skip=())
    assert main(["build", "--site", str(site)]) == 0
    after = snapshot(root, skip=())
    changed = {key for key in set(before) | set(after) if before.get(key) != after.get(key)}
    assert changed and all(
        key.startswith(("site/output/", "site/.digest-cache/")) for key in changed
    )
    return site / "output", theme_findings(clean / "output")


def _front_matter(name: str) -> dict[str, object]:
    text = (CORPUS / "xss" / name).read_text(encoding="utf-8")
    return dict(yaml.safe_load(text.split("---")[1]))


def test_no_page_holds_anything_active_the_theme_did_not_put_there(
    built: tuple[Path, set[str]],
) -> None:
    output, theme = built
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        injected = findings(page.read_text(encoding="utf-8"), allow_data=True) - theme
        assert injected == set(), page.relative_to(output)


def test_the_payloads_are_really_in_the_corpus(built: tuple[Path, set[str]]) -> None:
    # The check above would pass on an empty site; this one proves the payloads were live.
    for name in ("body-html.md", "body-markdown.md"):
        raw = (CORPUS / "xss" / name).read_text(encoding="utf-8")
        assert len(findings(raw)) > 5, name


def test_front_matter_payloads_are_shown_as_text(built: tuple[Path, set[str]]) -> None:
    output, _ = built
    fields = _front_matter("front-matter.md")
    [page] = output.glob("2025/03/script-alert-xss-title-*/index.html")
    soup = parse(page)
    assert soup.h1.get_text() == fields["title"]  # '{{ 7 * 7 }}' stays text: no template ran
    assert soup.title.get_text().startswith(str(fields["title"]))
    byline = soup.select_one(".byline")
    assert fields["author"] in byline.get_text()
    source = byline.select_one('a[rel="external"]')
    assert source["href"] == fields["source_url"] and source.get_text() == fields["source"]
    shown = {a.get_text() for a in soup.select(".terms a")}
    for key in ("tags", "topics", "countries"):
        assert set(fields[key]) <= shown  # type: ignore[arg-type]
    assert soup.select_one('meta[name="description"]')["content"] == fields["summary"]


def test_page_and_body_payloads_leave_their_text(built: tuple[Path, set[str]]) -> None:
    output, _ = built
    about = parse(output / "about/index.html")
    assert about.h1.get_text() == "О нас <script>alert('xss-page-title')</script>"
    body = about.select_one("main").get_text(" ", strip=True)
    assert "Страница" in body and "ссылка" in body
    html = parse(output / "2025/03/razmetka-s-podvokhom/index.html").select_one(".body")
    text = html.get_text(" ", strip=True)
    assert text.startswith("Обычный абзац перед атакой.")
    assert text.endswith("Последний абзац после атаки.")
    code = parse(output / "2025/03/markdown-s-podvokhom/index.html").select_one("pre code")
    assert code.get_text().strip() == "<script>alert('this is code, shown, never run')</script>"


def test_feeds_and_sitemap_stay_well_formed(built: tuple[Path, set[str]]) -> None:
    output, _ = built
    xml_files = sorted(output.rglob("*.xml"))
    assert len(xml_files) >= 4  # site feed, sitemap, and the feeds of the hostile terms
    for path in xml_files:
        ET.parse(path)  # raises on a broken document
    feed = feedparser.parse((output / "feed.xml").read_bytes())
    assert not feed.bozo
    titles = {entry.title for entry in feed.entries}
    assert _front_matter("front-matter.md")["title"] in titles
    cdata = _front_matter("front-matter-relative.md")
    [entry] = [e for e in feed.entries if e.title == cdata["title"]]
    assert entry.summary == cdata["summary"]
    for entry in feed.entries:
        for piece in entry.get("content", []):
            assert findings(piece.value) == set(), entry.title
